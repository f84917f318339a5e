using System.Reflection;

namespace TradingPlatform.BusinessLayer.StandIn;

/// <summary>
/// Loads custom strategies the way the platform does (quantower-api.md §11): every <c>.dll</c> under the strategies
/// folder, searched recursively, is loaded from its bytes (<c>Assembly.Load(File.ReadAllBytes(path))</c>), so
/// <c>Assembly.Location</c> is empty for the plugin and everything it references; references are resolved by one
/// <c>AppDomain.AssemblyResolve</c> handler that loads them from bytes too, keyed by the assembly's full name, the one
/// registered last winning; native libraries are not resolved at all. Every exported non-abstract
/// <see cref="Strategy"/> type becomes an entry, keyed by its file's relative path and its type.
/// </summary>
public static class StandInScripts
{
    private static readonly object Gate = new();
    private static readonly Dictionary<string, Assembly> ByFullName = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Dictionary<Assembly, string> FolderOf = [];
    private static bool handlerRegistered;

    /// <summary>Loads the folder's assemblies and returns its strategies, as the Strategies manager lists them.</summary>
    public static StandInScriptEntry[] LoadStrategies(string strategiesFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(strategiesFolder);
        RegisterHandler();
        var entries = new List<StandInScriptEntry>();
        var files = Directory.GetFiles(strategiesFolder, "*.dll", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        foreach (var file in files)
        {
            var assembly = LoadFromBytes(file);
            if (assembly == null)
            {
                continue;
            }

            var relative = Path.GetRelativePath(strategiesFolder, file);
            foreach (var type in ExportedTypes(assembly, file))
            {
                if (!type.IsAbstract && typeof(Strategy).IsAssignableFrom(type))
                {
                    entries.Add(new StandInScriptEntry(relative + "|" + type.FullName, relative, type));
                }
            }
        }

        return [.. entries];
    }

    private static Assembly LoadFromBytes(string file)
    {
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(File.ReadAllBytes(file));
        }
        catch (BadImageFormatException)
        {
            // A native library (e_sqlite3.dll) or another file that is no .NET assembly: the platform logs and goes on.
            Core.Instance.Loggers.Log("Can't load script assembly (not a .NET assembly): " + file, LoggingLevel.Error);
            return null;
        }

        lock (Gate)
        {
            ByFullName[assembly.FullName!] = assembly;
            FolderOf[assembly] = Path.GetDirectoryName(file)!;
        }

        return assembly;
    }

    private static Type[] ExportedTypes(Assembly assembly, string file)
    {
        try
        {
            return assembly.GetExportedTypes();
        }
        catch (Exception e) when (e is ReflectionTypeLoadException or FileNotFoundException or FileLoadException or TypeLoadException)
        {
            Core.Instance.Loggers.Log("Can't read the types of " + file + ": " + e.Message, LoggingLevel.Error);
            return [];
        }
    }

    private static void RegisterHandler()
    {
        lock (Gate)
        {
            if (!handlerRegistered)
            {
                AppDomain.CurrentDomain.AssemblyResolve += Resolve;
                handlerRegistered = true;
            }
        }
    }

    // The platform's handler: an assembly of that full name already registered, else <Name>.dll in the folder of the
    // assembly that asked, loaded from its bytes.
    private static Assembly Resolve(object sender, ResolveEventArgs args)
    {
        string folder;
        lock (Gate)
        {
            if (ByFullName.TryGetValue(args.Name, out var known))
            {
                return known;
            }

            if (args.RequestingAssembly == null || !FolderOf.TryGetValue(args.RequestingAssembly, out folder))
            {
                return null;
            }
        }

        var file = Path.Combine(folder, new AssemblyName(args.Name).Name + ".dll");
        return File.Exists(file) ? LoadFromBytes(file) : null;
    }
}

/// <summary>One entry of the Strategies manager: its key (relative path and type), its file and its type.</summary>
public sealed record StandInScriptEntry(string Key, string RelativePath, Type Type);
