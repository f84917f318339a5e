using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// The file's floors for a backtest's bars, measured in the same run: the recorded run's bars read back, then written into
/// a new file by plain prepared commands, one transaction per 4,096 bars (the writer's batch) — nothing mapped, queued,
/// validated or analysed. Two layouts: schema 16's (a bar_data row with its AUTOINCREMENT id, text series id and time and
/// UNIQUE index, and a BAR row of the raw log each) and schema 17's (a market_bars row keyed by a small market id and an
/// integer time, WITHOUT ROWID, and one raw-log row per transaction naming the stretch). What SQLite alone needs.
/// </summary>
internal static class BacktestFloor
{
    private const int BarsPerTransaction = 4_096;

    private const string Schema16BarData = """
        CREATE TABLE bar_data (
          id INTEGER PRIMARY KEY AUTOINCREMENT, series_id TEXT NOT NULL, ts_utc TEXT NOT NULL, open REAL NOT NULL,
          high REAL NOT NULL, low REAL NOT NULL, close REAL NOT NULL, volume REAL, volumetric_json TEXT,
          UNIQUE(series_id, ts_utc))
        """;

    /// <summary>Schema 16's floor: bar_data rows and a BAR raw-log row each.</summary>
    public static double Schema16Seconds(string recordedPath, string floorPath)
    {
        var (runId, bars) = Read(recordedPath);
        using var target = Target(recordedPath, floorPath, Schema16BarData);
        var entries = bars.Select((b, i) => new object?[]
        {
            runId, "BAR", b[1], PayloadJson.Serialize(Bar(runId, b)), b[1], i + 1L, "BACKTEST", PayloadJson.StoredVersion,
        }).ToList();
        using var bar = BenchmarkOutput.Command(target, "INSERT INTO bar_data(series_id, ts_utc, open, high, low, close, volume, volumetric_json) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)", 8);
        using var entry = Entry(target);
        return Timed(target, bars.Count, [bar, entry], i =>
        {
            BenchmarkOutput.Run(bar, bars[i]);
            BenchmarkOutput.Run(entry, entries[i]);
        }, _ => { });
    }

    /// <summary>Schema 17's floor: market_bars rows, and one raw-log row per transaction naming its stretch.</summary>
    public static double Schema17Seconds(string recordedPath, string floorPath)
    {
        var (runId, bars) = Read(recordedPath);
        using var target = Target(recordedPath, floorPath, null);
        var ticks = bars.Select(b => Timestamps.Parse((string)b[1]!).Ticks - DateTime.UnixEpoch.Ticks).ToArray();
        using var bar = BenchmarkOutput.Command(target, "INSERT INTO market_bars(market_id, ts, open, high, low, close, volume, volumetric_json) VALUES (1,$1,$2,$3,$4,$5,$6,$7)", 7);
        using var entry = Entry(target);
        return Timed(target, bars.Count, [bar, entry], i => BenchmarkOutput.Run(bar, ticks[i], bars[i][2], bars[i][3], bars[i][4], bars[i][5], bars[i][6], bars[i][7]),
            start => BenchmarkOutput.Run(entry, runId, "BARS_STORED", bars[start][1],
                $$"""{"series_id":"{{bars[start][0]}}","first_utc":"{{bars[start][1]}}","last_utc":"{{bars[Math.Min(bars.Count, start + BarsPerTransaction) - 1][1]}}","bar_count":{{Math.Min(bars.Count - start, BarsPerTransaction)}},"last_sequence":{{start + BarsPerTransaction}}}""",
                bars[start][1], start + 1L, "BACKTEST", PayloadJson.StoredVersion));
    }

    private static double Timed(SqliteConnection target, int count, SqliteCommand[] commands, Action<int> row, Action<int> perTransaction) =>
        BenchmarkOutput.Seconds(() =>
        {
            for (var start = 0; start < count; start += BarsPerTransaction)
            {
                using var tx = target.BeginTransaction();
                foreach (var command in commands)
                {
                    command.Transaction = tx;
                }

                perTransaction(start);
                for (var i = start; i < Math.Min(count, start + BarsPerTransaction); i++)
                {
                    row(i);
                }

                tx.Commit();
            }
        });

    private static (string RunId, List<object?[]> Bars) Read(string recordedPath)
    {
        using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = recordedPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        source.Open();
        var runId = BenchmarkOutput.Scalar(source, "SELECT run_id FROM strategy_runs") ?? throw new InvalidOperationException("no run recorded");
        return (runId, Rows(source, "SELECT series_id, ts_utc, open, high, low, close, volume, volumetric_json FROM bars ORDER BY series_id, ts_utc"));
    }

    // A new file with the run's definitions (untimed: the raw log's rows reference their run) and one market.
    private static SqliteConnection Target(string recordedPath, string floorPath, string? extra)
    {
        var target = DatabaseFile.OpenForWriting(floorPath, TimeProvider.System);
        using var copy = target.CreateCommand();
        copy.CommandText = $"""
            ATTACH DATABASE '{recordedPath.Replace("'", "''", StringComparison.Ordinal)}' AS recorded;
            INSERT INTO strategies SELECT * FROM recorded.strategies;
            INSERT INTO strategy_instances SELECT * FROM recorded.strategy_instances;
            INSERT INTO strategy_runs SELECT * FROM recorded.strategy_runs;
            INSERT INTO bar_markets(symbol, timeframe, source, volumetric) VALUES ('floor', '1m', '', 0);
            DETACH DATABASE recorded;
            {extra};
            """;
        copy.ExecuteNonQuery();
        return target;
    }

    private static SqliteCommand Entry(SqliteConnection target) =>
        BenchmarkOutput.Command(target, "INSERT INTO ingest_events(run_id, event_type, event_utc, payload_json, received_utc, sequence, source, payload_version) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)", 8);

    private static BarRecorded Bar(string runId, object?[] b) => new()
    {
        RunId = runId, EventUtc = Timestamps.Parse((string)b[1]!), Source = RunSource.Backtest, SeriesId = (string)b[0]!,
        OpenUtc = Timestamps.Parse((string)b[1]!), Open = (double)b[2]!, High = (double)b[3]!, Low = (double)b[4]!,
        Close = (double)b[5]!, Volume = (double?)b[6], VolumetricJson = (string?)b[7],
    };

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
