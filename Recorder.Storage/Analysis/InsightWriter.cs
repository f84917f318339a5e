using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>
/// Writes a run's insight into run_order_shortfall and run_trade_context, as steps of the analysis' store
/// (<see cref="AnalysisSteps"/>). One prepared statement per table, bound by position (docs/decisions.md, 20): a row per order
/// of the run, hundreds of thousands in a long backtest. Position cannot transpose here: the statement is generated
/// from the same column list as <see cref="InsightRows"/> orders its values by, so value i always fills column i, and
/// a row with a value too many or too few is refused rather than shifted. Which value belongs to which column is
/// <see cref="InsightRows"/>' one mapping, shared with the team store.
/// </summary>
internal static class InsightWriter
{
    /// <summary>Replaces the run's insight rows, inside the caller's transaction.</summary>
    public static void Write(SqliteConnection connection, string runId, RunInsight insight, StoredPrecision precision)
    {
        connection.Execute("DELETE FROM run_order_shortfall WHERE run_id = @runId", new { runId });
        connection.Execute("DELETE FROM run_trade_context WHERE run_id = @runId", new { runId });
        foreach (var step in Steps(runId, insight, precision, int.MaxValue))
        {
            step(connection);
        }
    }

    /// <summary>The inserts of the insight rows (the run's earlier rows already deleted), at most <paramref name="rowsPerStep"/> a step.</summary>
    /// <remarks>Where <paramref name="diff"/> compares, only the rows changed since the run's previous store are written (<see cref="AnalysisSteps.Of(string, RunAnalysisStore.Computed, TimeProvider, int, StoredImages?)"/>).</remarks>
    public static IEnumerable<Action<SqliteConnection>> Steps(string runId, RunInsight insight, StoredPrecision precision, int rowsPerStep, RowDiff? diff = null) =>
        Steps(InsightRowLists.Of(runId, insight, precision), rowsPerStep, diff);

    /// <summary>The inserts of insight rows already made (<see cref="InsightRowLists"/>).</summary>
    public static IEnumerable<Action<SqliteConnection>> Steps(InsightRowLists rows, int rowsPerStep, RowDiff? diff = null) =>
        Insert("run_order_shortfall", rows.Shortfall, rowsPerStep, diff)
            .Concat(Insert("run_trade_context", rows.Context, rowsPerStep, diff));

    // Both tables' key follows the run's id: the order's id, the trade's number.
    private static IEnumerable<Action<SqliteConnection>> Insert(string table, InsightTable rows, int rowsPerStep, RowDiff? diff)
    {
        var columns = rows.Columns;
        return AnalysisSteps.Insert(AnalysisSteps.Sql.Insert(table, columns, Parameters(columns.Length)), Parameters(columns.Length), table,
            row => Key(rows[row][1]), rows.Fingerprint, diff ?? RowDiff.None, Enumerable.Range(0, rows.Count), (insert, row) =>
            {
                var values = rows[row];
                for (var i = 0; i < values.Length; i++)
                {
                    var value = values[i];
                    _ = value.Kind switch
                    {
                        CellKind.Text => insert.Text(i, value.Text),
                        CellKind.Integer => insert.Integer(i, value.Integer),
                        CellKind.Real when double.IsNaN(value.Real) => throw new InvalidOperationException($"NaN cannot be stored in {table}.{columns[i]}."),
                        CellKind.Real => insert.Real(i, value.Real),
                        _ => insert.Text(i, null),
                    };
                }
            }, rowsPerStep);
    }

    private static RowKey Key(StoredCell cell) => cell.Kind switch
    {
        CellKind.Text => RowKey.Of(cell.Text),
        CellKind.Integer => RowKey.Of(cell.Integer),
        _ => throw new InvalidOperationException($"a row's key is text or a whole number, not {cell.Kind}"),
    };

    private static string[] Parameters(int count) =>
        Enumerable.Range(1, count).Select(i => "$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
