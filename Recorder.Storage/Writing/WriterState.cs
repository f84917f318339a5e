using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// What the writer knows of the file — runs, strategies, instances, series owners — with the queries
/// that fill it on demand. Only ever a copy of committed rows: a rolled-back batch makes it forget what it learned.
/// </summary>
internal sealed class WriterState(SqliteConnection connection, RunLocks? runLocks)
{
    private readonly Dictionary<string, RunState> runs = new(StringComparer.Ordinal);
    private readonly HashSet<string> knownStrategies = new(StringComparer.Ordinal);
    private readonly HashSet<string> knownInstances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> seriesRuns = new(StringComparer.Ordinal);

    public RunLocks? RunLocks => runLocks;

    /// <summary>After a rollback: what the failed transaction taught is no longer true; reloaded on demand.</summary>
    public void Forget(IEnumerable<string> touchedRuns)
    {
        foreach (var runId in touchedRuns)
        {
            runs.Remove(runId);
        }

        knownStrategies.Clear();
        knownInstances.Clear();
        seriesRuns.Clear();
    }

    public void AddRun(RunState state) => runs[state.RunId] = state;

    public void AddStrategy(string strategyId) => knownStrategies.Add(strategyId);

    public void AddInstance(string instanceId) => knownInstances.Add(instanceId);

    public void SetSeriesOwner(string seriesId, string runId) => seriesRuns[seriesId] = runId;

    public RunState? TryGetRun(string runId)
    {
        if (runs.TryGetValue(runId, out var state))
        {
            return state;
        }

        var found = connection.Rows("""
            SELECT r.run_type, r.status, i.strategy_id
            FROM strategy_runs r LEFT JOIN strategy_instances i ON i.instance_id = r.instance_id
            WHERE r.run_id = @runId
            """, new { runId }, r => new StoredRun(r.GetString(0)!, r.GetString(1)!, r.GetString(2)));
        if (found is not [var row])
        {
            return null;
        }

        state = new RunState(runId, row.StrategyId, row.RunType, StoredText.ParseStatus(row.Status));
        if (state.Status == RunStatus.Running)
        {
            // A run continued from an earlier session (closed cleanly mid-run): this process records it now, so a
            // crash from here on must leave it ABANDONED. If another live process holds it, it keeps it.
            runLocks?.Acquire(runId);
        }

        // The run's fills again, in the order they were stored, by the one position rule: a close of a position opened
        // before recording moves nothing it did not close (a plain sum of signed quantities would count it).
        foreach (var (symbol, account, side, quantity, impact) in connection.Query<(string, string?, string?, double, string?)>("""
            SELECT symbol, account_id, side, quantity, position_impact
            FROM executions WHERE run_id = @runId AND symbol IS NOT NULL ORDER BY id
            """, new { runId }))
        {
            if (StoredText.ParseSide(side) is { } parsed)
            {
                state.Positions.Apply(symbol, account, parsed, quantity, StoredText.ParsePositionImpact(impact));
            }
        }

        foreach (var groupId in connection.Query<string>("SELECT oco_group_id FROM order_oco_groups WHERE run_id = @runId", new { runId }).AsList())
        {
            state.OcoGroups.Add(groupId);
        }

        state.HasLinks = connection.ExecuteScalar<long>("SELECT EXISTS(SELECT 1 FROM order_oco_links WHERE run_id = @runId)", new { runId }) != 0;
        runs[runId] = state;
        return state;
    }

    public OrderState? LoadOrderState(RunState run, string orderId, IngestLog log)
    {
        log.Flush();
        var found = connection.Query<StoredOrder>(
            "SELECT update_utc, last_sequence AS sequence, position_impact AS impact, symbol, submit_utc FROM orders WHERE run_id = @RunId AND order_id = @orderId",
            new { run.RunId, orderId }).AsList();
        if (found is not [{ Impact: not null } row])
        {
            return null;
        }

        // The payload of the snapshot the row holds, to tell a repeat of it from a new state.
        var payload = connection.ExecuteScalar("""
            SELECT payload_json FROM ingest_events
            WHERE run_id = @RunId AND event_type = 'ORDER' AND sequence = @Sequence
            """, new { RunId = run.RunId, Sequence = row.Sequence }) as string ?? string.Empty;
        var state = new OrderState(row.UpdateUtc is null ? DateTime.MinValue : Timestamps.Parse(row.UpdateUtc),
            row.Sequence ?? -1, System.Text.Encoding.UTF8.GetBytes(payload), StoredText.ParsePositionImpact(row.Impact), row.Symbol, Timestamps.Parse(row.SubmitUtc));
        run.Orders[orderId] = state;
        return state;
    }

    public bool StrategyExists(string strategyId) =>
        knownStrategies.Contains(strategyId) || (connection.Scalar("SELECT EXISTS(SELECT 1 FROM strategies WHERE strategy_id = @strategyId)", new { strategyId }) is not 0L
            && knownStrategies.Add(strategyId));

    public bool InstanceExists(string instanceId) =>
        knownInstances.Contains(instanceId) || (connection.Scalar("SELECT EXISTS(SELECT 1 FROM strategy_instances WHERE instance_id = @instanceId)", new { instanceId }) is not 0L
            && knownInstances.Add(instanceId));

    public string? StoredStrategyOf(string instanceId) => connection.Scalar("SELECT strategy_id FROM strategy_instances WHERE instance_id = @instanceId", new { instanceId }) as string;

    public string? SeriesOwner(string seriesId)
    {
        if (seriesRuns.TryGetValue(seriesId, out var owner))
        {
            return owner;
        }

        owner = connection.Scalar("SELECT run_id FROM run_series WHERE series_id = @seriesId", new { seriesId }) as string;
        if (owner is not null)
        {
            seriesRuns[seriesId] = owner;
        }

        return owner;
    }

    public string? OcoGroupOwner(string groupId) =>
        connection.Scalar("SELECT run_id FROM order_oco_groups WHERE oco_group_id = @groupId", new { groupId }) as string;

    /// <summary>
    /// Runs found RUNNING whose recorder crashed — in the file, or begun in the spill file it left (<paramref name="spilled"/>,
    /// written first): their lock file is left and free (docs/decisions.md, 12).
    /// A run left RUNNING by a clean close has no lock file and stays RUNNING. Stale lock files are swept.
    /// </summary>
    public IReadOnlyList<string> FindAbandonedRuns(IEnumerable<string> spilled)
    {
        if (runLocks is null)
        {
            return [];
        }

        // A run whose start is still in the spill file is not in the file yet: it is running once the spill file is written,
        // and its lock says whether its recorder died (a crash or a power cut right after the run began).
        // Both read what they ask, not every run: the running ones by their partial index (idx_runs_running), and of the
        // spilled ones (few, most often none) whether each has ended.
        var running = connection.Query<string>("SELECT run_id FROM strategy_runs WHERE status = 'RUNNING'").AsList()
            .Concat(spilled.Distinct(StringComparer.Ordinal).Where(runId => connection.ExecuteScalar("SELECT status FROM strategy_runs WHERE run_id = @runId", new { runId }) is null or "RUNNING"))
            .Distinct(StringComparer.Ordinal).ToList();
        runLocks.SweepStale(running.ToHashSet(StringComparer.Ordinal));
        return running.Where(runLocks.IsAbandoned).ToList();
    }

    private sealed record StoredRun(string RunType, string Status, string? StrategyId);

    private sealed record StoredOrder
    {
        public string? UpdateUtc { get; init; }

        public long? Sequence { get; init; }

        public string? Impact { get; init; }

        public string Symbol { get; init; } = "";

        public string SubmitUtc { get; init; } = "";
    }
}
