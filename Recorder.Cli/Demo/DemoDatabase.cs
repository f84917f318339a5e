using Dapper;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Cli.Demo;

/// <summary>Decides whether an existing file may be replaced by a new demo: only when it holds nothing but demo runs.</summary>
internal static class DemoDatabase
{
    public static bool HoldsOnlyDemoRuns(string path)
    {
        try
        {
            using var connection = DatabaseAccess.OpenRead(path);
            var vendors = connection.Query<string?>("SELECT DISTINCT vendor FROM strategies").ToList();
            return vendors.All(v => string.Equals(v, DemoGenerator.Vendor, StringComparison.Ordinal));
        }
        catch (RecorderDatabaseException)
        {
            return false;
        }
    }

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
