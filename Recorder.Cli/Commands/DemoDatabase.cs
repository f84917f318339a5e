using QuantowerRecorder.Demo;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>Decides whether an existing file may be replaced by a new demo: only when it holds nothing but demo runs.</summary>
internal static class DemoDatabase
{
    /// <summary>The vendor that demo databases made before the demo ran through the plugin carry.</summary>
    private const string LegacyVendor = "QuantowerRecorder demo";

    /// <summary>The assembly the sample strategy lived in before the demo was its own project (Recorder.Demo).</summary>
    private const string LegacyAssembly = "recorder";

    public static bool HoldsOnlyDemoRuns(string path)
    {
        try
        {
            using var reader = RecorderStore.OpenRead(path);
            return reader.Catalog.Strategies().All(IsDemo);
        }
        catch (RecorderDatabaseException)
        {
            return false;
        }
    }

    // The sample strategy as the recorder identifies it: its name and its code (the assembly recorded as source_ref);
    // demo files made before the demo ran through the plugin carry the demo's vendor instead.
    private static bool IsDemo(StrategySummary strategy) =>
        string.Equals(strategy.Vendor, LegacyVendor, StringComparison.Ordinal)
        || (string.Equals(strategy.Name, DemoRecording.StrategyName, StringComparison.Ordinal)
            && (string.Equals(strategy.SourceRef, DemoRecording.StrategyAssembly, StringComparison.Ordinal)
                || string.Equals(strategy.SourceRef, LegacyAssembly, StringComparison.Ordinal)));

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
