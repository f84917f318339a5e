namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// The deliberate changes a user makes to a file besides recording: deleting runs (retention) and ending runs a dead
/// recorder left RUNNING. Each change is one transaction.
/// </summary>
public interface IRecorderMaintenance : IDisposable
{
    /// <summary>Rows per table that deleting these runs would remove (strategy_runs first, then bars, then by table name).</summary>
    IReadOnlyList<RunRowCount> CountRows(IReadOnlyList<string> runIds);

    /// <summary>
    /// Deletes the runs with every row that belongs to them (in every table with a run_id, and their bars), then the
    /// instances and strategies no run uses any more; all in one transaction.
    /// </summary>
    void DeleteRuns(IReadOnlyList<string> runIds);

    /// <summary>Runs still RUNNING whose recorder is gone (their lock file is left and free), oldest first.</summary>
    IReadOnlyList<string> FindAbandoned();

    /// <summary>
    /// Ends every abandoned run as ABANDONED, through the event log like any other event (a replay agrees), and returns
    /// their ids. The session's own connection is closed for it.
    /// </summary>
    IReadOnlyList<string> MarkAbandoned();

    /// <summary>
    /// Keeps the SHA-256 of a manifest.json `recorder artifacts` wrote for the run, with the number of files it lists
    /// (run_artifacts); the same manifest again changes nothing. An unknown run throws <see cref="ArgumentException"/>.
    /// </summary>
    void RecordArtifactManifest(string runId, string manifestSha256, int files);
}
