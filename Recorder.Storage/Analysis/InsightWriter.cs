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

        using (var insert = new PreparedCommand(connection, Sql.Insert("run_order_shortfall", InsightRows.ShortfallColumns), Sql.Parameters(InsightRows.ShortfallColumns.Length)))
        {
            foreach (var row in InsightRows.Shortfall(runId, insight))
            {
                insert.Execute(row);
            }
        }

        using (var insert = new PreparedCommand(connection, Sql.Insert("run_trade_context", InsightRows.ContextColumns), Sql.Parameters(InsightRows.ContextColumns.Length)))
        {
            foreach (var row in InsightRows.Context(runId, insight))
            {
                insert.Execute(row);
            }
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
