namespace QuantowerRecorder.Storage.Queries.Sql;

/// <summary>
/// How many bars a run's series hold, as <c>v_series_bars</c> (and <c>bars</c>, <c>v_run_bars</c>) give them: its
/// market's bars over each series' stretch less those it did not see or holds its own value at, plus its own values.
/// Counted series by series through the tables' keys: a count over the view in a correlated subquery (or any aggregate
/// over a join with it) makes SQLite materialise the whole view — every bar of every run in the file — once per
/// statement, which took seconds for one run's row in a file of an optimisation's thousand passes. The same SQL in
/// both stores.
/// </summary>
internal static class RunBarCount
{
    /// <summary>The count, as an expression, for the run of the row <c>r</c> of strategy_runs.</summary>
    public const string OfRunRow = """
        ((SELECT COUNT(*) FROM run_series rs
          JOIN market_bars b ON b.market_id = rs.market_id AND b.ts BETWEEN rs.first_bar AND rs.last_bar
          WHERE rs.run_id = r.run_id
            AND NOT EXISTS (SELECT 1 FROM series_bars o WHERE o.series_id = rs.series_id AND o.ts = b.ts)
            AND NOT EXISTS (SELECT 1 FROM series_unseen u WHERE u.series_id = rs.series_id AND u.ts = b.ts))
         + (SELECT COUNT(*) FROM run_series rs JOIN series_bars o ON o.series_id = rs.series_id WHERE rs.run_id = r.run_id))
        """;
}
