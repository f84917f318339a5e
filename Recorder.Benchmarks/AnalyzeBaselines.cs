using System.Diagnostics;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// The two baselines the analysis is compared with, on the same file in the same run: a plain read of the rows it
/// loads (bars, orders, executions, with the columns the loader reads) into arrays, and a plain prepared insert of
/// every row it stores (trades, equity, order quality, metrics, shortfall per order, context per trade) in one
/// transaction. Analysis end to end should cost at most 1.5 × their sum.
/// </summary>
internal static class AnalyzeBaselines
{
    // Each table the analysis stores into, and its rows of one run ($run): the equity points are rows of equity_data
    // under the run's key (run_equity is the view that shows them), as the analysis inserts them.
    private static readonly (string Table, string OfRun)[] DerivedTables =
    [
        ("run_trades", "run_id = $run"), ("equity_data", "run_key = (SELECT run_key FROM equity_runs WHERE run_id = $run)"),
        ("run_order_quality", "run_id = $run"), ("run_metrics_kv", "run_id = $run"), ("run_order_shortfall", "run_id = $run"),
        ("run_trade_context", "run_id = $run"),
    ];

    /// <summary>Reads the run's input rows into typed arrays; returns the seconds it took.</summary>
    public static double PlainRead(SqliteConnection connection, string runId)
    {
        var started = Stopwatch.GetTimestamp();
        var bars = new List<(DateTime, double, double, double, double, double)>();
        using (var command = Command(connection, "SELECT b.ts_utc, b.open, b.high, b.low, b.close, b.volume FROM bars b JOIN run_series s ON s.series_id = b.series_id WHERE s.run_id = $run ORDER BY b.ts_utc", runId))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                bars.Add((Timestamps.Parse(reader.GetString(0)), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5)));
            }
        }

        // The columns RunLoader reads, read by ordinal into typed rows (times parsed), as the loader has them.
        var orders = new List<(string, string, string?, string, string, double, string, DateTime, DateTime?, double?, double?, string?, string?)>();
        using (var command = Command(connection, """
                   SELECT order_id, symbol, account_id, side, order_type, quantity, status, submit_utc, update_utc, price,
                          stop_price, client_tag, parent_order_id
                   FROM orders WHERE run_id = $run ORDER BY id
                   """, runId))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                orders.Add((reader.GetString(0), reader.GetString(1), Text(reader, 2), reader.GetString(3), reader.GetString(4),
                    reader.GetDouble(5), reader.GetString(6), Timestamps.Parse(reader.GetString(7)),
                    reader.IsDBNull(8) ? null : Timestamps.Parse(reader.GetString(8)), Number(reader, 9), Number(reader, 10),
                    Text(reader, 11), Text(reader, 12)));
            }
        }

        var fills = new List<(string, string, string?, string?, string?, double, double, double?, DateTime, string?)>();
        using (var command = Command(connection, """
                   SELECT execution_id, order_id, symbol, account_id, side, quantity, price, fee, exec_utc, position_impact
                   FROM executions WHERE run_id = $run ORDER BY exec_utc, id
                   """, runId))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                fills.Add((reader.GetString(0), reader.GetString(1), Text(reader, 2), Text(reader, 3), Text(reader, 4),
                    reader.GetDouble(5), reader.GetDouble(6), Number(reader, 7), Timestamps.Parse(reader.GetString(8)), Text(reader, 9)));
            }
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.Error.WriteLine($"plain read: {bars.Count:N0} bars, {orders.Count:N0} orders, {fills.Count:N0} fills");
        return seconds;
    }

    /// <summary>
    /// Takes the rows the analysis stored out of their tables (untimed), then times writing the very same rows back
    /// with one prepared insert per table in one transaction. Returns the seconds and the number of rows.
    /// </summary>
    public static (double Seconds, long Rows) PlainWrite(SqliteConnection connection, string runId)
    {
        var saved = new List<(string Table, string[] Columns, List<object?[]> Rows)>();
        foreach (var (table, ofRun) in DerivedTables)
        {
            using var command = Command(connection, $"SELECT * FROM {table} WHERE {ofRun}", runId);
            using var reader = command.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            var rows = new List<object?[]>();
            while (reader.Read())
            {
                var values = new object?[reader.FieldCount];
                reader.GetValues(values!);
                rows.Add(values);
            }

            saved.Add((table, columns, rows));
        }

        foreach (var (table, ofRun) in DerivedTables)
        {
            using var delete = Command(connection, $"DELETE FROM {table} WHERE {ofRun}", runId);
            delete.ExecuteNonQuery();
        }

        var started = Stopwatch.GetTimestamp();
        long count = 0;
        using (var tx = connection.BeginTransaction())
        {
            foreach (var (table, columns, rows) in saved)
            {
                using var insert = BenchmarkOutput.Command(connection,
                    $"INSERT INTO {table}({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$" + (i + 1)))})",
                    columns.Length, tx);
                foreach (var row in rows)
                {
                    BenchmarkOutput.Run(insert, row);
                    count++;
                }
            }

            tx.Commit();
        }

        return (Stopwatch.GetElapsedTime(started).TotalSeconds, count);
    }

    private static string? Text(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static double? Number(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);

    private static SqliteCommand Command(SqliteConnection connection, string sql, string runId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$run", runId);
        return command;
    }
}
