using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Cli.Demo;

/// <summary>Decides whether an existing file may be replaced by a new demo: only when it holds nothing but demo runs.</summary>
internal static class DemoDatabase
{
    public static bool HoldsOnlyDemoRuns(string path)
    {
        try
        {
            using var reader = RecorderStore.OpenRead(path);
            var strategies = reader.Catalog.Strategies().Select(s => (s.Name, s.Vendor, s.SourceRef)).ToList();
            return strategies.All(IsDemo);
        }
        catch (RecorderDatabaseException)
        {
            return false;
        }
    }

    // The sample strategy as the recorder identifies it: its name and its code (the assembly recorded as source_ref);
    // demo files made before the demo ran through the plugin carry the demo's vendor instead.
    private static bool IsDemo((string Name, string? Vendor, string? SourceRef) strategy) =>
        string.Equals(strategy.Vendor, DemoGenerator.LegacyVendor, StringComparison.Ordinal)
        || (string.Equals(strategy.Name, DemoGenerator.StrategyName, StringComparison.Ordinal)
            && string.Equals(strategy.SourceRef, typeof(DemoCrossoverStrategy).Assembly.GetName().Name, StringComparison.Ordinal));

    /// <summary>Removes the file with its WAL, shared-memory file and run-lock folder.</summary>
    public static void Delete(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        if (Directory.Exists(path + ".runs"))
        {
            Directory.Delete(path + ".runs", recursive: true);
        }
    }
}
