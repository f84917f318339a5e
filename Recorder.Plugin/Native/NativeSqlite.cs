using System.Reflection;
using System.Runtime.InteropServices;

namespace QuantowerRecorder.Plugin.Native;

/// <summary>
/// Makes the native e_sqlite3 library resolvable inside Quantower. The platform loads the plugin and its references
/// from their bytes (quantower-api.md §11): <c>Assembly.Location</c> is empty and native libraries are never resolved,
/// so SQLitePCLRaw's <c>[DllImport("e_sqlite3")]</c> would probe only the platform's folders and fail. A resolver on the
/// provider assembly loads the library from the plugin's deployed folder, found by <see cref="AssemblyFiles"/>.
/// </summary>
internal static class NativeSqlite
{
    private const string LibraryName = "e_sqlite3";
    private static readonly object Gate = new();
    private static bool registered;
    private static string[] searched = [];

    /// <summary>The file the resolver loaded, if it was asked; null while SQLite has not been used.</summary>
    internal static string? LoadedFrom { get; private set; }

    /// <summary>Where the library was loaded from, or where it was looked for; for the strategy's log.</summary>
    internal static string Describe()
    {
        if (LoadedFrom is { } file)
        {
            return LibraryName + " loaded from " + file;
        }

        var places = Volatile.Read(ref searched);
        return places.Length == 0
            ? $"{LibraryName} was left to the runtime's own search (the platform's folders and PATH)"
            : $"{LibraryName} was looked for in: {string.Join("; ", places)} — deploy the plugin's whole folder (build.ps1 -Deploy), " +
              $"which holds {FileName()} beside Recorder.Plugin.dll";
    }

    /// <summary>Registers the resolver once per copy of the plugin in the process. Never throws.</summary>
    internal static void EnsureResolvable()
    {
        lock (Gate)
        {
            if (registered)
            {
                return;
            }

            registered = true;
            try
            {
                NativeLibrary.SetDllImportResolver(typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly, Resolve);
            }
            catch (InvalidOperationException)
            {
                // Another copy of the plugin in this process registered one already on the same provider; theirs resolves it.
            }
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!string.Equals(name, LibraryName, StringComparison.Ordinal))
        {
            return IntPtr.Zero;
        }

        var tried = new List<string>();
        foreach (var candidate in Folders().SelectMany(Candidates))
        {
            tried.Add(candidate);
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle))
            {
                LoadedFrom = candidate;
                // The writer's statements call this same library directly: a load by name would not come through here.
                Storage.Sqlite.SqliteBootstrap.UseLoadedLibrary(handle);
                return handle;
            }
        }

        Volatile.Write(ref searched, tried.Count == 0 ? ["(no folder: the plugin's file was not found under " + string.Join(" or ", AssemblyFiles.StrategiesFolders()) + ")"] : [.. tried]);
        // Not beside the plugin: let the runtime probe as usual (the host's folders, an app's deps.json).
        return IntPtr.Zero;
    }

    // The folders of the plugin and of the SQLite provider the platform resolved for it (they may differ when two
    // plugin folders exist), each found without Assembly.Location.
    private static IEnumerable<string> Folders() =>
        new[] { typeof(NativeSqlite).Assembly, typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly }
            .Select(AssemblyFiles.FileOf)
            .Select(Path.GetDirectoryName)
            .Where(f => !string.IsNullOrEmpty(f))
            .Distinct(StringComparer.Ordinal)!;

    internal static IEnumerable<string> Candidates(string? folder)
    {
        if (string.IsNullOrEmpty(folder))
        {
            yield break;
        }

        var file = FileName();
        // The deployed folder (dotnet publish -r <rid>) holds the library beside the plugin; a build output keeps it
        // under runtimes/<rid>/native.
        yield return Path.Combine(folder, file);
        foreach (var rid in RuntimeIds())
        {
            yield return Path.Combine(folder, "runtimes", rid, "native", file);
        }
    }

    private static string FileName() =>
        OperatingSystem.IsWindows() ? LibraryName + ".dll"
        : OperatingSystem.IsMacOS() ? "lib" + LibraryName + ".dylib"
        : "lib" + LibraryName + ".so";

    private static IEnumerable<string> RuntimeIds()
    {
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        var arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X86 => "x86",
            Architecture.Arm => "arm",
            Architecture.Arm64 => "arm64",
            _ => "x64",
        };
        yield return RuntimeInformation.RuntimeIdentifier;
        yield return os + "-" + arch;
    }
}
