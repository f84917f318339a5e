using System.Data.Common;
using Dapper;

namespace QuantowerRecorder.Storage.Queries.Sql;

/// <summary>
/// How many bars a run's series hold, as <c>v_series_bars</c> (and <c>bars</c>, <c>v_run_bars</c>) give them: its
/// market's bars over each series' stretch less those it did not see or holds its own value at, plus its own values.
/// Counted series by series through the tables' keys: a count over the view in a correlated subquery (or any aggregate
/// over a join with it) makes SQLite materialise the whole view — every bar of every run in the file — once per
/// statement, which took seconds for one run's row in a file of an optimisation's thousand passes. The same SQL in
/// both stores. A file read as it is, from before bars were stored by market (schema 17) or before the times a series
/// did not see were kept (schema 20), is counted as its own views count.
/// </summary>
internal static class RunBarCount
{
    /// <summary>Where a query's SQL takes the count (<see cref="In"/>).</summary>
    public const string Placeholder = "@@bar_count@@";

    /// <summary>The count, as an expression, for the run of the row <c>r</c> of strategy_runs, in a file of today's schema.</summary>
    public static readonly string OfRunRow = ByMarket(unseen: true);

    // Before schema 17 `bars` is a table, keyed by series and time.
    private const string BarsTable = "(SELECT COUNT(*) FROM bars b JOIN run_series rs ON rs.series_id = b.series_id WHERE rs.run_id = r.run_id)";

    /// <summary><paramref name="sql"/> with the count the tables of the file on <paramref name="connection"/> give.</summary>
    public static string In(string sql, DbConnection connection, ReadDialect dialect) =>
        sql.Replace(Placeholder, Has(connection, dialect, "series_unseen") ? OfRunRow
            : Has(connection, dialect, "market_bars") ? ByMarket(unseen: false) : BarsTable, StringComparison.Ordinal);

    private static bool Has(DbConnection connection, ReadDialect dialect, string table) =>
        connection.ExecuteScalar<long>(dialect.TableExists(table)) > 0;

    private static string ByMarket(bool unseen) => $"""
        ((SELECT COUNT(*) FROM run_series rs
          JOIN market_bars b ON b.market_id = rs.market_id AND b.ts BETWEEN rs.first_bar AND rs.last_bar
          WHERE rs.run_id = r.run_id
            AND NOT EXISTS (SELECT 1 FROM series_bars o WHERE o.series_id = rs.series_id AND o.ts = b.ts)
            {(unseen ? "AND NOT EXISTS (SELECT 1 FROM series_unseen u WHERE u.series_id = rs.series_id AND u.ts = b.ts)" : "")})
         + (SELECT COUNT(*) FROM run_series rs JOIN series_bars o ON o.series_id = rs.series_id WHERE rs.run_id = r.run_id))
        """;
}
