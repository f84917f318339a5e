using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace QuantowerRecorder.Plugin.Native;

/// <summary>
/// Finds the file an assembly was loaded from. Quantower loads custom strategies and their references from their bytes
/// (quantower-api.md §11), so <c>Assembly.Location</c> is empty: the file is then the <c>.dll</c> under the platform's
/// strategies folder whose module version id (a hash of the build, with deterministic builds) equals the loaded
/// module's. The strategies folder is <c>&lt;root&gt;\Settings\Scripts\Strategies</c>, where the platform's own
/// assemblies live in <c>&lt;root&gt;\TradingPlatform\v&lt;version&gt;\bin</c>.
/// </summary>
internal static class AssemblyFiles
{
    private static readonly ConcurrentDictionary<Guid, string?> Found = new();

    /// <summary>The assembly's file, or null when it has no Location and no file under the strategies folder matches.</summary>
    public static string? FileOf(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        if (!string.IsNullOrEmpty(assembly.Location))
        {
            return assembly.Location;
        }

        var mvid = assembly.ManifestModule.ModuleVersionId;
        return Found.GetOrAdd(mvid, static (id, name) => Search(id, name), assembly.GetName().Name + ".dll");
    }

    /// <summary>The folders that may be the platform's strategies folder, existing or not, without repeats.</summary>
    public static IReadOnlyList<string> StrategiesFolders()
    {
        var bins = new[] { Path.GetDirectoryName(typeof(TradingPlatform.BusinessLayer.Core).Assembly.Location), AppContext.BaseDirectory };
        return bins
            .Where(b => !string.IsNullOrEmpty(b))
            .Select(b => Path.GetFullPath(Path.Combine(b!, "..", "..", "..", "Settings", "Scripts", "Strategies")))
            .Distinct(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal)
            .ToArray();
    }

    private static string? Search(Guid mvid, string fileName)
    {
        foreach (var folder in StrategiesFolders().Where(Directory.Exists))
        {
            // The file keeps its assembly's name in a deployment; any other .dll is looked at only if none matches.
            var byName = Files(folder, fileName).FirstOrDefault(f => HasModuleVersionId(f, mvid));
            var file = byName ?? Files(folder, "*.dll").FirstOrDefault(f => HasModuleVersionId(f, mvid));
            if (file is not null)
            {
                return file;
            }
        }

        return null;
    }

    private static IEnumerable<string> Files(string folder, string pattern)
    {
        try
        {
            return Directory.EnumerateFiles(folder, pattern, new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static bool HasModuleVersionId(string file, Guid mvid)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return false;
            }

            var metadata = pe.GetMetadataReader();
            return metadata.GetGuid(metadata.GetModuleDefinition().Mvid) == mvid;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException or InvalidOperationException)
        {
            return false;
        }
    }
}
