using Dapper;

namespace QuantowerRecorder.Storage.Queries.Sql;

/// <summary>The WHERE clause of a run listing (over strategy_runs r, strategy_instances i, strategies s).</summary>
internal static class RunFilterSql
{
    /// <param name="query">The filters.</param>
    /// <param name="dialect">The store's SQL.</param>
    /// <param name="hasJournal">Whether the store has the journal (schema 16): without it no run is tagged or pinned.</param>
    public static (string Where, DynamicParameters Args) Where(RunQuery query, ReadDialect dialect, bool hasJournal)
    {
        var where = new List<string>();
        var args = new DynamicParameters();
        if (query.Strategy is { } strategy)
        {
            // Matching ignores ASCII case: "breakout" finds "Demo Breakout".
            where.Add($"({dialect.Matches("s.name", "@strategy")} OR {dialect.Matches("s.strategy_id", "@strategyPrefix")})");
            args.Add("@strategy", "%" + strategy + "%");
            args.Add("@strategyPrefix", strategy + "%");
        }

        if (query.Instance is { } instance)
        {
            where.Add($"({dialect.Matches("i.instance_name", "@instance")} OR {dialect.Matches("r.instance_id", "@instancePrefix")})");
            args.Add("@instance", "%" + instance + "%");
            args.Add("@instancePrefix", instance + "%");
        }

        Exact(where, args, "r.instance_id", "@instanceId", query.InstanceId);
        Exact(where, args, "s.strategy_id", "@strategyId", query.StrategyId);
        Exact(where, args, "r.run_type", "@type", query.RunType?.ToUpperInvariant());
        Exact(where, args, "r.status", "@status", query.Status?.ToUpperInvariant());
        if (query.SinceUtc is { } since)
        {
            where.Add("r.start_utc >= @since");
            args.Add("@since", Timestamps.Format(since));
        }

        if (query.UntilUtc is { } until)
        {
            where.Add("r.start_utc < @until");
            args.Add("@until", Timestamps.Format(until));
        }

        if (query.Tag is { } tag && !hasJournal)
        {
            where.Add("1 = 0");
        }
        else if (query.Tag is { } wanted)
        {
            // Tags are stored lower case (Journal/JournalText).
            where.Add("r.run_id IN (SELECT subject_id FROM v_journal_tags WHERE subject_type = 'RUN' AND tag = @tag)");
            args.Add("@tag", wanted.Trim().ToLowerInvariant());
        }

        if (query.Pinned is { } pinned && (hasJournal || pinned))
        {
            where.Add(!hasJournal ? "1 = 0"
                : (pinned ? "" : "NOT ") + "EXISTS (SELECT 1 FROM v_journal_pins p WHERE p.subject_type = 'RUN' AND p.subject_id = r.run_id)");
        }

        return (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "", args);
    }

    private static void Exact(List<string> where, DynamicParameters args, string column, string name, string? value)
    {
        if (value is not null)
        {
            where.Add($"{column} = {name}");
            args.Add(name, value);
        }
    }
}
