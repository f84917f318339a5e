namespace QuantowerRecorder.Storage.PostgreSql.Push;

/// <summary>How a table's rows are merged into the team database (docs/team-store.md, "How rows are merged").</summary>
internal enum MergeRule
{
    /// <summary>Strategies and instances: name-based ids; a missing row is inserted, a different one is a conflict.</summary>
    Definition,

    /// <summary>A run's rows: the file holding the later state of the run (higher version) updates them.</summary>
    RunState,

    /// <summary>The raw event log: an event never changes; the same (run, sequence) with other content is a conflict.</summary>
    Event,
}

/// <summary>One recorder table as push copies it: its natural key, how it merges, and which source rows belong to a run.</summary>
internal sealed record TeamTable(string Name, string[] Key, MergeRule Rule, string RunFilter, string[] IgnoredInComparison)
{
    /// <summary>The tables in the order their foreign keys need.</summary>
    public static readonly TeamTable[] All =
    [
        new("strategies", ["strategy_id"], MergeRule.Definition,
            "strategy_id = (SELECT i.strategy_id FROM strategy_instances i JOIN strategy_runs r ON r.instance_id = i.instance_id WHERE r.run_id = $run)",
            ["created_utc"]),
        new("strategy_instances", ["instance_id"], MergeRule.Definition,
            "instance_id = (SELECT instance_id FROM strategy_runs WHERE run_id = $run)", ["created_utc"]),
        new("strategy_runs", ["run_id"], MergeRule.RunState, "run_id = $run", []),
        new("run_series", ["series_id"], MergeRule.RunState, "run_id = $run", []),
        new("bars", ["series_id", "ts_utc"], MergeRule.RunState,
            "series_id IN (SELECT series_id FROM run_series WHERE run_id = $run)", []),
        new("orders", ["run_id", "order_id"], MergeRule.RunState, "run_id = $run", []),
        new("executions", ["run_id", "execution_id"], MergeRule.RunState, "run_id = $run", []),
        new("order_oco_groups", ["oco_group_id"], MergeRule.RunState, "run_id = $run", []),
        new("order_oco_links", ["run_id", "oco_group_id", "order_id"], MergeRule.RunState, "run_id = $run", []),
        new("run_instruments", ["run_id", "symbol"], MergeRule.RunState, "run_id = $run", []),
        new("run_metrics_kv", ["run_id", "key"], MergeRule.RunState, "run_id = $run", []),
        new("run_trades", ["run_id", "trade_no"], MergeRule.RunState, "run_id = $run", []),
        new("run_equity", ["run_id", "seq"], MergeRule.RunState, "run_id = $run", []),
        new("run_order_quality", ["run_id", "order_id"], MergeRule.RunState, "run_id = $run", []),
        new("order_decisions", ["run_id", "decision_id"], MergeRule.RunState, "run_id = $run", []),
        new("run_order_shortfall", ["run_id", "order_id"], MergeRule.RunState, "run_id = $run", []),
        new("run_trade_context", ["run_id", "trade_no"], MergeRule.RunState, "run_id = $run", []),
        new("ingest_events", ["run_id", "sequence"], MergeRule.Event, "run_id = $run AND id > $after AND id <= $last", []),
    ];
}
