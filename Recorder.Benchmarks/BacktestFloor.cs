using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// The file's floor for a backtest's bars, measured in the same run: the bar_data rows and their ingest_events entries
/// that the recorded run stored, read back, then written into a new file of the same schema by plain prepared commands,
/// a bar row and its raw-log row in turn, one transaction per 4,096 bars (the writer's batch) — nothing mapped, queued,
/// validated, shared or analysed. What SQLite alone needs to store the bars the way this file keeps them.
/// </summary>
internal static class BacktestFloor
{
    private const int BarsPerTransaction = 4_096;

    public static double Seconds(string recordedPath, string floorPath)
    {
        List<object?[]> bars, entries;
        using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = recordedPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            source.Open();
            bars = Rows(source, "SELECT series_id, ts_utc, open, high, low, close, volume, volumetric_json FROM bar_data ORDER BY id");
            entries = Rows(source, "SELECT run_id, event_type, event_utc, payload_json, received_utc, sequence, source, payload_version FROM ingest_events WHERE event_type = 'BAR' ORDER BY id");
        }

        if (bars.Count != entries.Count)
        {
            throw new InvalidOperationException($"the recorded file holds {bars.Count} bars and {entries.Count} BAR entries in its raw log");
        }

        using var target = DatabaseFile.OpenForWriting(floorPath, TimeProvider.System);
        // The run's definitions first, untimed: the raw log's rows reference their run.
        using (var copy = target.CreateCommand())
        {
            copy.CommandText = $"""
                ATTACH DATABASE '{recordedPath.Replace("'", "''", StringComparison.Ordinal)}' AS recorded;
                INSERT INTO strategies SELECT * FROM recorded.strategies;
                INSERT INTO strategy_instances SELECT * FROM recorded.strategy_instances;
                INSERT INTO strategy_runs SELECT * FROM recorded.strategy_runs;
                DETACH DATABASE recorded;
                """;
            copy.ExecuteNonQuery();
        }

        using var bar = BenchmarkOutput.Command(target, "INSERT INTO bar_data(series_id, ts_utc, open, high, low, close, volume, volumetric_json) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)", 8);
        using var entry = BenchmarkOutput.Command(target, "INSERT INTO ingest_events(run_id, event_type, event_utc, payload_json, received_utc, sequence, source, payload_version) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)", 8);
        return BenchmarkOutput.Seconds(() =>
        {
            for (var start = 0; start < bars.Count; start += BarsPerTransaction)
            {
                using var tx = target.BeginTransaction();
                bar.Transaction = tx;
                entry.Transaction = tx;
                for (var i = start; i < Math.Min(bars.Count, start + BarsPerTransaction); i++)
                {
                    BenchmarkOutput.Run(bar, bars[i]);
                    BenchmarkOutput.Run(entry, entries[i]);
                }

                tx.Commit();
            }
        });
    }

    private static List<object?[]> Rows(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
