using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;
using CliRunner = QuantowerRecorder.Tests.Cli.Cli;

namespace QuantowerRecorder.Tests.Merging;

/// <summary>Recorder files as terminals make them, and what merge tests compare: rows without their row ids.</summary>
internal static class MergeFiles
{
    /// <summary>Every table a merge fills: what the merge tests compare.</summary>
    public static readonly string[] Tables =
    [
        "strategies", "strategy_instances", "strategy_runs", "run_series", "bars", "orders", "executions",
        "order_oco_groups", "order_oco_links", "run_instruments", "run_metrics_kv", "run_trades", "run_equity",
        "run_order_quality", "order_decisions", "run_order_shortfall", "run_trade_context", "ingest_events", "ingest_quarantine",
        "run_artifacts", "journal_entries",
    ];

    /// <summary>
    /// Records complete runs on a terminal named <paramref name="terminal"/> (strategy, orders, fills, bars, end, an
    /// OCO group), analysed as `recorder analyze` stores it; returns the run ids.
    /// </summary>
    public static List<string> Record(string path, string terminal, int runs, int trades = 2)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var ids = new List<string>();
        using (var session = RecorderSession.Open(path))
        {
            for (var r = 0; r < runs; r++)
            {
                var s = new Scenario(strategy: "Merge strategy " + (r % 2));
                ids.Add(s.RunId);
                foreach (var e in s.Start())
                {
                    session.Record(e is RunStarted started ? started with { SourceTerminal = terminal } : e);
                }

                for (var b = 0; b < 15; b++)
                {
                    session.Record(s.Bar(b, close: 5000 + b));
                }

                for (var t = 0; t < trades; t++)
                {
                    var at = 10 + t * 100;
                    session.Record(s.Order($"O{t}a", Side.Buy, 1, "FILLED", at: at, filled: 1));
                    session.Record(s.Fill($"X{t}a", $"O{t}a", Side.Buy, 1, price: 5000 + t, at: at + 1));
                    session.Record(s.Order($"O{t}b", Side.Sell, 1, "FILLED", at: at + 50, filled: 1));
                    session.Record(s.Fill($"X{t}b", $"O{t}b", Side.Sell, 1, price: 5002 + t, at: at + 51));
                }

                session.Record(s.End());
            }

            session.Close(TimeSpan.FromSeconds(30));
        }

        var analyze = CliRunner.Run(Path.GetDirectoryName(path)!, "analyze", "--all", "--db", path);
        if (analyze.ExitCode != 0)
        {
            throw new InvalidOperationException("analyze failed: " + analyze);
        }

        return ids;
    }

    /// <summary>
    /// A table's rows as sorted lines, without the row id (each file's own), for strategies and instances without
    /// created_utc (when a file first saw them), and a run's metrics_json without analyzed_utc (when it was analysed):
    /// what merge does not compare.
    /// </summary>
    public static List<string> Rows(string path, string table, bool withIds = false)
    {
        using var connection = Open(path);
        var skip = new HashSet<string>(withIds ? [] : ["id"]);
        if (!withIds && table is "strategies" or "strategy_instances")
        {
            skip.Add("created_utc");
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table}";
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            var values = new List<string>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (!skip.Contains(reader.GetName(i)))
                {
                    var value = reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
                    if (!withIds && reader.GetName(i) == "metrics_json")
                    {
                        value = System.Text.RegularExpressions.Regex.Replace(value, "\"analyzed_utc\":\"[^\"]*\",?", "");
                    }

                    values.Add(reader.GetName(i) + "=" + value);
                }
            }

            lines.Add(string.Join("|", values));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>Every table of a file, row ids included: what "nothing changed" compares.</summary>
    public static Dictionary<string, List<string>> Snapshot(string path) => Tables.ToDictionary(t => t, t => Rows(path, t, withIds: true));

    public static long Scalar(string path, string sql)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string? Text(string path, string sql)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() as string;
    }

    public static void Write(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Another terminal's copy of a run that recorded a fill at another price: the fill's row and its event in the raw
    /// log, which merge reads, both say so.
    /// </summary>
    public static void ChangeFillPrice(string path, string executionId, double price) => Write(path, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"""
        UPDATE executions SET price = {price} WHERE execution_id = '{executionId}';
        UPDATE ingest_events SET payload_json = json_set(payload_json, '$.price', {price})
        WHERE event_type = 'EXECUTION' AND json_extract(payload_json, '$.execution_id') = '{executionId}';
        """));

    /// <summary>The file's bytes, hashed: a source must be exactly as it was after a merge read it.</summary>
    public static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }
}
