using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Journal;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Queries.Sql;
using QuantowerRecorder.Storage.Replay;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Merging;

/// <summary>
/// Merges recorder files into one SQLite file (`recorder merge`). Each source's raw log is read through a read-only
/// connection and its events are handed, as copies (each keeps its run, sequence and arrival time), to the target's
/// writer — the appliers every recording goes through — which deduplicates them by their natural keys, keeps the newest
/// state of an order or a bar, and quarantines an event that disagrees with what the target holds (docs/decisions.md,
/// 4). What is not an event arrives by the writer's other paths: the journal as replay copies it, the source's
/// quarantined events and artifact manifests once each, and each run whose events changed is analysed again here, as
/// a writer analyses a run at its end. Merging a file again changes nothing.
/// </summary>
public sealed class RecorderMerge : IDisposable
{
    /// <summary>How long a batch waits for another writer of the target to let go (<see cref="BusyFile"/>).</summary>
    internal static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    // Events per transaction: the writer's own default batch, so a merge holds the target's lock for as long as a
    // recording's batch does, and a recorder writing the target meanwhile waits for one batch at most.
    private const int BatchSize = 4096;

    private readonly SqliteConnection connection;
    private readonly MergeOptions options;
    private readonly BatchWriter writer;

    private RecorderMerge(string targetPath, SqliteConnection connection, MergeOptions options)
    {
        TargetPath = targetPath;
        this.connection = connection;
        this.options = options;
        writer = new BatchWriter(connection, options.Time, runLocks: null, copies: true);
    }

    /// <summary>The target file, as a full path.</summary>
    public string TargetPath { get; }

    /// <summary>
    /// Opens the target, creating it when missing and migrating it to the current schema; refuses a file that is not a
    /// recorder database, is newer than this code, or is damaged (<see cref="RecorderDatabaseException"/>).
    /// </summary>
    public static RecorderMerge Open(string targetPath, MergeOptions? options = null) => Open(targetPath, options, DatabaseFile.NewConnection);

    /// <summary><see cref="Open(string, MergeOptions?)"/>, the target's connection made by <paramref name="connect"/> (DatabaseFile's).</summary>
    internal static RecorderMerge Open(string targetPath, MergeOptions? options, Func<string, SqliteConnection> connect)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetPath);
        options ??= new MergeOptions();
        var fullPath = Path.GetFullPath(targetPath);
        return new RecorderMerge(fullPath, DatabaseFile.OpenForWriting(fullPath, options.Time, LockWait, connect), options);
    }

    /// <summary>
    /// Merges one file: its events in batches of one transaction each, through the target's writer. A failure leaves
    /// the batches written before it, each whole; merging the file again writes what is missing. The file is read,
    /// never written; one of an older schema is read from a migrated temporary copy.
    /// </summary>
    public FileMergeResult Merge(string sourcePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        var fullPath = Path.GetFullPath(sourcePath);
        if (SamePath(fullPath, TargetPath))
        {
            throw new ArgumentException($"{fullPath} is the target of the merge; a file cannot be merged into itself.", nameof(sourcePath));
        }

        using var file = MergeSource.Open(fullPath, options.Time);
        using var source = Read(file.ReadPath, fullPath);
        var result = new FileMergeResult { Path = sourcePath, MigratedFromVersion = file.MigratedFrom };
        var written = new HashSet<string>(StringComparer.Ordinal);
        RawLogCopy? copy = null;
        try
        {
            foreach (var (_, relation) in MergeRuns.Relations(source, connection))
            {
                result.Count(relation, 1);
            }

            var total = RawLogCopy.Count(source);
            copy = new RawLogCopy(writer, batch => Write(batch, result, written), BatchSize);
            copy.From(source, rows => options.Progress?.Invoke(rows, total));
            result.Events = copy.Events;
            result.Stored = copy.Outcome.Committed;
            result.Repeats = copy.Outcome.Duplicates + copy.Outcome.Coalesced;

            result.QuarantineCopied = Busy(() => writer.KeepQuarantined(MergeRuns.Quarantined(source)));
            foreach (var conflict in MergeRuns.JournalConflicts(source, connection, options.Time))
            {
                var kept = Busy(() => writer.KeepQuarantined([conflict])) == 1;
                result.Conflicts.Add(new MergeConflict(conflict.EventType, null, null, conflict.Reason, AlreadyKept: !kept));
            }

            result.JournalEntries = Busy(() => JournalCopy.Into(source, connection));
            result.Artifacts = CopyArtifacts(source);
            result.AnalysedRuns = Analyse(written);
            // A merge that says it is done is on the disk (docs/decisions.md, 3). Its batches commit unsynced, as a
            // backtest's do; a checkpoint syncs the log, every commit before it included, as the idle writer's does.
            Busy(() => connection.Execute("PRAGMA wal_checkpoint(PASSIVE);"));
            return result;
        }
        catch (InvalidDataException ex)
        {
            throw new RecorderDatabaseException(DatabaseProblem.Other, fullPath,
                $"Merging {fullPath} into {TargetPath} stopped: {ex.Message}. Every event before it is written ({copy?.Outcome.Committed ?? 0:N0} stored); " +
                "nothing after it was read.", ex);
        }
        catch (SqliteException ex)
        {
            throw new RecorderDatabaseException(DatabaseProblem.Other, fullPath,
                $"Merging {fullPath} into {TargetPath} failed and was rolled back to its last whole batch: {copy?.Outcome.Committed ?? 0:N0} event(s) of this file " +
                $"were written before; merging the file again adds the rest (SQLite: {ex.Message}).", ex);
        }
    }

    private BatchOutcome Write(IReadOnlyList<Envelope> batch, FileMergeResult result, HashSet<string> written)
    {
        // A writer of the file (the plugin) holds its lock for one batch at a time: the batch is tried again while it is
        // busy, for up to LockWait on the options' clock, rather than fail.
        var outcome = Busy(() => writer.Write(batch));
        foreach (var (row, kept) in writer.Refused)
        {
            result.Conflicts.Add(new MergeConflict(row.EventType, row.RunId, row.Sequence, row.Reason, AlreadyKept: !kept));
        }

        foreach (var (runId, _, _) in writer.Written)
        {
            written.Add(runId);
        }

        return outcome;
    }

    // The source's artifact manifests, each once, through the file's public write path (IRecorderMaintenance).
    private int CopyArtifacts(SqliteConnection source)
    {
        var manifests = MergeRuns.Artifacts(source, connection);
        if (manifests.Count == 0)
        {
            return 0;
        }

        using var maintenance = RecorderStore.OpenMaintenance(TargetPath, options.Time);
        foreach (var (runId, sha256, files) in manifests)
        {
            maintenance.RecordArtifactManifest(runId, sha256, files);
        }

        return manifests.Count;
    }

    /// <summary>
    /// Each run whose events the merge wrote is analysed again from the target's rows, as the writer analyses a run at its
    /// end (a running one without what needs the whole run); then the trial figures of every run whose trials include them.
    /// </summary>
    private int Analyse(HashSet<string> runIds)
    {
        var analysed = new List<string>();
        foreach (var runId in runIds.Order(StringComparer.Ordinal))
        {
            var running = MergeRuns.Running(connection, runId);
            Busy(() => RunAnalysisStore.Analyze(connection, runId,
                running ? AnalysisOptions.Default with { WholeRun = false } : AnalysisOptions.Default, options.Time, trialFigures: false));
            analysed.Add(runId);
        }

        if (analysed.Count > 0)
        {
            Busy(() => RunAnalysisStore.StoreTrialFigures(connection, analysed));
        }

        return analysed.Count;
    }

    private T Busy<T>(Func<T> work) => BusyFile.Run(options.Time, LockWait, work, static w => w());

    private static SqliteConnection Read(string readPath, string sourcePath)
    {
        try
        {
            return DatabaseFile.OpenForReading(readPath);
        }
        catch (SqliteException ex)
        {
            throw DatabaseFile.Translate(ex, sourcePath);
        }
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(a, b, OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>Closes the target.</summary>
    public void Dispose()
    {
        writer.Dispose();
        connection.Dispose();
    }
}
