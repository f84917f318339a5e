using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>
/// Writes a run's insight into run_order_shortfall and run_trade_context, replacing what an earlier analysis stored;
/// called inside the analysis' own transaction. One prepared command per table (STYLE.md §4).
/// </summary>
internal static class InsightWriter
{
    public static void Write(SqliteConnection connection, string runId, RunInsight insight)
    {
        connection.Execute("DELETE FROM run_order_shortfall WHERE run_id = @runId", new { runId });
        connection.Execute("DELETE FROM run_trade_context WHERE run_id = @runId", new { runId });

        Insert(connection, "run_order_shortfall", InsightRows.ShortfallColumns, InsightRows.Shortfall(runId, insight));
        Insert(connection, "run_trade_context", InsightRows.ContextColumns, InsightRows.Context(runId, insight));
    }

    // One statement per table, prepared once and bound by position (as the analysis' other tables are): a row per
    // order of the run, hundreds of thousands in a long backtest.
    private static void Insert(SqliteConnection connection, string table, string[] columns, IEnumerable<object?[]> rows)
    {
        using var insert = new RawStatement(connection, Sql.Insert(table, columns), Sql.Parameters(columns.Length));
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                _ = row[i] switch
                {
                    null => insert.Text(i, null),
                    string text => insert.Text(i, text),
                    long number => insert.Integer(i, number),
                    double value when double.IsNaN(value) => throw new InvalidOperationException($"NaN cannot be stored in {table}.{columns[i]}."),
                    double value => insert.Real(i, value),
                    var other => throw new InvalidOperationException($"{table}.{columns[i]}: no binding for {other.GetType().Name}."),
                };
            }

            insert.Run();
        }
    }

    private static class Sql
    {
        public static string Insert(string table, string[] columns) =>
            $"INSERT INTO {table}({string.Join(", ", columns)}) VALUES ({string.Join(", ", Parameters(columns.Length))})";

        public static string[] Parameters(int count) =>
            Enumerable.Range(1, count).Select(i => "$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }
}
