using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Merging;

/// <summary>
/// A source file as merge reads it: checked through a read-only connection, and attached read-only. A file of an
/// older schema is read from a temporary copy migrated to the current one (the file itself is never changed); a newer
/// one is refused.
/// </summary>
internal sealed class MergeSource : IDisposable
{
    private readonly string? temporaryFolder;

    private MergeSource(string readPath, int? migratedFrom, string? temporaryFolder)
    {
        ReadPath = readPath;
        MigratedFrom = migratedFrom;
        this.temporaryFolder = temporaryFolder;
    }

    /// <summary>The file that is attached: the source, or its migrated copy.</summary>
    public string ReadPath { get; }

    public int? MigratedFrom { get; }

    public static MergeSource Open(string fullPath, TimeProvider time)
    {
        if (!File.Exists(fullPath))
        {
            throw new RecorderDatabaseException(DatabaseProblem.Missing, fullPath, $"No such file to merge: {fullPath}. Nothing was merged from it.");
        }

        using var probe = DatabaseFile.Connect(fullPath, SqliteOpenMode.ReadOnly);
        var version = Migrator.ReadableVersion(probe, fullPath);
        if (version == Migrator.CurrentVersion)
        {
            return new MergeSource(fullPath, null, null);
        }

        // The online backup copies a consistent state, the write-ahead log included, through the read-only connection.
        var folder = Path.Combine(Path.GetTempPath(), "recorder-merge-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var copy = Path.Combine(folder, Path.GetFileName(fullPath));
        try
        {
            using (var destination = DatabaseFile.Connect(copy, SqliteOpenMode.ReadWriteCreate))
            {
                probe.BackupDatabase(destination);
            }

            using (DatabaseFile.OpenForWriting(copy, time))
            {
                // Opening for writing migrates the copy to the current schema.
            }

            return new MergeSource(copy, version, folder);
        }
        catch
        {
            TryDelete(folder);
            throw;
        }
    }

    public void Dispose()
    {
        if (temporaryFolder is not null)
        {
            TryDelete(temporaryFolder);
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A temporary copy left behind is harmless; the OS cleans its temp folder.
        }
    }
}
