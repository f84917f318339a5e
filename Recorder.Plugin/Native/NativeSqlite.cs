using System.Reflection;
using System.Runtime.InteropServices;

namespace QuantowerRecorder.Plugin.Native;

/// <summary>
/// Makes the native e_sqlite3 library resolvable when the plugin is loaded from its own folder by a custom
/// <see cref="System.Runtime.Loader.AssemblyLoadContext"/>, as Quantower loads plugins. Such a context does not read
/// the plugin's deps.json, so SQLitePCLRaw's <c>[DllImport("e_sqlite3")]</c> would search only the host's folders and
/// fail with DllNotFoundException. A resolver on the provider assembly looks in the plugin's folder first.
/// </summary>
internal static class NativeSqlite
{
    private const string LibraryName = "e_sqlite3";
    private static readonly object Gate = new();
    private static bool registered;

    /// <summary>The file the resolver loaded, if it was asked; null while SQLite has not been used.</summary>
    internal static string? LoadedFrom { get; private set; }

    /// <summary>Registers the resolver once per load context. Never throws.</summary>
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
                // Someone (another copy of a plugin in this context) registered one already; theirs resolves it.
            }
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!string.Equals(name, LibraryName, StringComparison.Ordinal))
        {
            return IntPtr.Zero;
        }

        foreach (var candidate in Candidates(Path.GetDirectoryName(typeof(NativeSqlite).Assembly.Location)))
        {
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle))
            {
                LoadedFrom = candidate;
                return handle;
            }
        }

        // Not in the plugin's folder: let the runtime probe as usual (the host's folder, the app's deps.json).
        return IntPtr.Zero;
    }

    internal static IEnumerable<string> Candidates(string? folder)
    {
        if (string.IsNullOrEmpty(folder))
        {
            yield break;
        }

        var file = FileName();
        // A flat deployment (build.ps1 -Deploy copies the native library next to the plugin) comes first.
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
        if (os == "win")
        {
            yield return "win10-" + arch;
        }
    }
}
