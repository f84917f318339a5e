using QuantowerRecorder.Storage.Merging;

namespace QuantowerRecorder.Storage.PostgreSql.Push;

/// <summary>One recorder table as push copies it: its natural key, how it merges, and which source rows belong to a run.</summary>
internal sealed record TeamTable(string Name, string[] Key, MergeRule Rule, string RunFilter, string[] IgnoredInComparison)
{
    /// <summary>
    /// Storage's one list of tables (<see cref="MergeTable.All"/>: keys, rules, order), with which source rows belong to a
    /// run, the one thing push adds.
    /// </summary>
    public static readonly TeamTable[] All = MergeTable.All
        .Select(t => new TeamTable(t.Name, [.. t.Key], t.Rule, RunFilterOf(t.Name), [.. t.IgnoredInComparison]))
        .ToArray();

    private static string RunFilterOf(string table) => table switch
    {
        "strategies" =>
            "strategy_id = (SELECT i.strategy_id FROM strategy_instances i JOIN strategy_runs r ON r.instance_id = i.instance_id WHERE r.run_id = $run)",
        "strategy_instances" => "instance_id = (SELECT instance_id FROM strategy_runs WHERE run_id = $run)",
        "bars" => "series_id IN (SELECT series_id FROM run_series WHERE run_id = $run)",
        "ingest_events" => "run_id = $run AND id > $after AND id <= $last",
        _ => "run_id = $run",
    };
}
