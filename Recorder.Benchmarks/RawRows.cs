using System.Globalization;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// The baselines: the rows the recorder would write for each event, prepared in memory beforehand (the payload JSON
/// included), then inserted by a hand-written loop of prepared commands. Nothing is validated or deduplicated: this
/// is the limit of the disk and SQLite, not a recorder.
/// </summary>
internal sealed record RawRows(RecorderEvent Event, string Payload)
{
    /// <summary>The rows of each event with the payload exactly as the recorder stores it (payload version 2).</summary>
    public static List<RawRows> From(RecorderEvent[] stream) =>
        stream.Select(e => new RawRows(e, PayloadJson.Serialize(e))).ToList();

    public static void Insert(string path, SyntheticRun run, List<RawRows> rows, int transactionSize)
    {
        using var connection = DatabaseFile.OpenForWriting(path, TimeProvider.System);
        run.InsertDefinitions(connection, "RUNNING");
        using var commands = new Commands(connection, run);
        for (var start = 0; start < rows.Count; start += transactionSize)
        {
            using var tx = connection.BeginTransaction();
            commands.Enlist(tx);
            for (var i = start; i < Math.Min(rows.Count, start + transactionSize); i++)
            {
                commands.Write(rows[i], i + 5);
            }

            tx.Commit();
        }
    }

    /// <summary>The naive recorder: SQLite's defaults (rollback journal, synchronous=FULL), autocommit per event.</summary>
    public static void InsertAutocommit(string path, SyntheticRun run, List<RawRows> rows)
    {
        // Everything at SQLite's defaults: 4 KiB pages, rollback journal, synchronous=FULL; the same schema.sql.
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using (var schema = connection.CreateCommand())
        {
            using var stream = typeof(DatabaseFile).Assembly.GetManifestResourceStream("QuantowerRecorder.Storage.schema.sql")!;
            schema.CommandText = new StreamReader(stream).ReadToEnd();
            schema.ExecuteNonQuery();
        }

        run.InsertDefinitions(connection, "RUNNING");
        using var commands = new Commands(connection, run);
        for (var i = 0; i < rows.Count; i++)
        {
            using var tx = connection.BeginTransaction();
            commands.Enlist(tx);
            commands.Write(rows[i], i + 5);
            tx.Commit();
        }
    }

    private sealed class Commands : IDisposable
    {
        private readonly SqliteCommand bar;
        private readonly SqliteCommand order;
        private readonly SqliteCommand execution;
        private readonly SqliteCommand ingest;

        private readonly string strategyId;
        private long? marketId;

        public Commands(SqliteConnection connection, SyntheticRun run)
        {
            strategyId = run.StrategyId;
            // As the recorder stores a bar since schema 17: under its market and its time as an integer.
            bar = BenchmarkOutput.Command(connection, "INSERT INTO market_bars(market_id, ts, open, high, low, close, volume, volumetric_json) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT(market_id, ts) DO UPDATE SET close = excluded.close", 8);
            order = BenchmarkOutput.Command(connection, "INSERT INTO orders(run_id, order_id, symbol, account_id, side, order_type, quantity, status, submit_utc, update_utc, client_tag, last_sequence, filled_quantity, strategy_id, position_impact) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15) ON CONFLICT(run_id, order_id) DO UPDATE SET status = excluded.status, update_utc = excluded.update_utc, last_sequence = excluded.last_sequence, filled_quantity = excluded.filled_quantity", 15);
            execution = BenchmarkOutput.Command(connection, "INSERT INTO executions(run_id, execution_id, order_id, exec_utc, price, quantity, fee, symbol, account_id, side, position_impact) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) ON CONFLICT(run_id, execution_id) DO NOTHING", 11);
            // As the recorder writes it since schema 8: the row's instance and strategy are left to its run.
            ingest = BenchmarkOutput.Command(connection, "INSERT INTO ingest_events(run_id, event_type, event_utc, payload_json, received_utc, sequence, source, payload_version) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)", 8);
        }

        public void Enlist(SqliteTransaction tx)
        {
            bar.Transaction = order.Transaction = execution.Transaction = ingest.Transaction = tx;
        }

        public void Write(RawRows row, long sequence)
        {
            var e = row.Event;
            var time = Timestamps.Format(e.EventUtc);
            switch (e)
            {
                case BarRecorded b:
                    // A bar's values are not copied into the raw log (a batch names its stretch in one row).
                    marketId ??= Convert.ToInt64(BenchmarkOutput.Scalar(bar.Connection!, $"SELECT market_id FROM run_series WHERE series_id = '{b.SeriesId}'"), CultureInfo.InvariantCulture);
                    BenchmarkOutput.Run(bar, marketId, b.OpenUtc.Ticks - DateTime.UnixEpoch.Ticks, b.Open, b.High, b.Low, b.Close, b.Volume, b.VolumetricJson);
                    return;
                case OrderSnapshot o:
                    BenchmarkOutput.Run(order, o.RunId, o.OrderId, o.Symbol, o.AccountId, o.Side == Side.Buy ? "BUY" : "SELL", o.OrderType, o.Quantity, o.Status, time, time, o.ClientTag, sequence, o.FilledQuantity, strategyId, "OPEN");
                    break;
                case ExecutionRecorded x:
                    BenchmarkOutput.Run(execution, x.RunId, x.ExecutionId, x.OrderId, time, x.Price, x.Quantity, x.Fee, x.Symbol, x.AccountId, x.Side == Side.Buy ? "BUY" : "SELL", "OPEN");
                    break;
            }

            BenchmarkOutput.Run(ingest, e.RunId, e.EventType, time, row.Payload, time, sequence, "BACKTEST", PayloadJson.StoredVersion);
        }

        public void Dispose()
        {
            bar.Dispose();
            order.Dispose();
            execution.Dispose();
            ingest.Dispose();
        }
    }
}
