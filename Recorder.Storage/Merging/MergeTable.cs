namespace QuantowerRecorder.Storage.Merging;

/// <summary>
/// One recorder table as merge copies it: its natural key, how it merges, and whether its key holds the run id. A key
/// without the run id (series, bars, OCO groups) can meet a row of another run, so it is compared for new runs too.
/// </summary>
internal sealed record MergeTable(string Name, string[] Key, MergeRule Rule, string[] IgnoredInComparison)
{
    /// <summary>The tables in the order their foreign keys need (the same list as push's).</summary>
    public static readonly MergeTable[] All =
    [
        new("strategies", ["strategy_id"], MergeRule.Definition, ["created_utc"]),
        new("strategy_instances", ["instance_id"], MergeRule.Definition, ["created_utc"]),
        new("strategy_runs", ["run_id"], MergeRule.RunState, []),
        new("run_series", ["series_id"], MergeRule.RunState, []),
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
    ];

    public bool KeyHasRun => Key.Contains("run_id");
}
