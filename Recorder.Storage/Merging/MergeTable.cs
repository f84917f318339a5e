namespace QuantowerRecorder.Storage.Merging;

/// <summary>
/// One recorder table as `recorder push` (Recorder.Storage.PostgreSql) copies it into the team store: its natural key,
/// how it merges, and the columns not compared; push builds its own tables from this list, so a table added by a
/// migration must be added here (MergeCoverageTests). `recorder merge` needs no list: it hands events to the target's
/// writer, which writes every table an event reaches.
/// </summary>
/// <param name="Name">The table.</param>
/// <param name="Key">Its natural key's columns.</param>
/// <param name="Rule">How its rows are merged.</param>
/// <param name="IgnoredInComparison">Columns that may differ between two copies of the same row without a conflict.</param>
public sealed record MergeTable(string Name, IReadOnlyList<string> Key, MergeRule Rule, IReadOnlyList<string> IgnoredInComparison)
{
    /// <summary>The tables in the order their foreign keys need.</summary>
    public static IReadOnlyList<MergeTable> All { get; } =
    [
        new("strategies", ["strategy_id"], MergeRule.Definition, ["created_utc"]),
        new("strategy_instances", ["instance_id"], MergeRule.Definition, ["created_utc"]),
        new("strategy_runs", ["run_id"], MergeRule.RunState, []),
        new("run_series", ["series_id"], MergeRule.RunState, ["market_id"]),
        new("bars", ["series_id", "ts_utc"], MergeRule.RunState, []),
        new("orders", ["run_id", "order_id"], MergeRule.RunState, []),
        new("executions", ["run_id", "execution_id"], MergeRule.RunState, []),
        new("order_oco_groups", ["oco_group_id"], MergeRule.RunState, []),
        new("order_oco_links", ["run_id", "oco_group_id", "order_id"], MergeRule.RunState, []),
        new("run_instruments", ["run_id", "symbol"], MergeRule.RunState, []),
        new("run_metrics_kv", ["run_id", "key"], MergeRule.RunState, []),
        new("run_trades", ["run_id", "trade_no"], MergeRule.RunState, []),
        new("run_equity", ["run_id", "seq"], MergeRule.RunState, []),
        new("run_order_quality", ["run_id", "order_id"], MergeRule.RunState, []),
        new("order_decisions", ["run_id", "decision_id"], MergeRule.RunState, []),
        new("run_order_shortfall", ["run_id", "order_id"], MergeRule.RunState, []),
        new("run_trade_context", ["run_id", "trade_no"], MergeRule.RunState, []),
        new("ingest_events", ["run_id", "sequence"], MergeRule.Event, []),
        new("run_artifacts", ["run_id", "manifest_sha256"], MergeRule.RunState, ["written_utc"]),
        new("journal_entries", ["entry_id"], MergeRule.Journal, []),
    ];

    /// <summary>Whether its rows belong to no run's state (definitions, the journal): merged whatever the runs' versions.</summary>
    public bool OfNoRun => Rule is MergeRule.Definition or MergeRule.Journal;

    /// <summary>Whether the key holds the run id: a key without it (series, bars, OCO groups) can meet a row of another run.</summary>
    public bool KeyHasRun => Key.Contains("run_id");
}
