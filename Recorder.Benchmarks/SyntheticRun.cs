using System.Globalization;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// A deterministic stream of events for one run: 90% bars, 6% order snapshots (each order seen three times:
/// opened, partially filled, filled), 4% executions. Event i is the same in every process, which is what lets the
/// crash test check exactly which events a killed child had acknowledged.
/// </summary>
internal sealed class SyntheticRun
{
    private static readonly DateTime Start = new(2026, 1, 5, 14, 30, 0, DateTimeKind.Utc);

    public SyntheticRun(string runId, RunSource source, string strategyName = "Synthetic")
    {
        RunId = runId;
        Source = source;
        StrategyName = strategyName;
        StrategyId = Identities.StrategyId(strategyName, "1.0", "bench");
        var parameters = new Dictionary<string, object?> { ["fast"] = 10, ["slow"] = 30 };
        var hash = Identities.ConfigHash(parameters, ["ES"], "1m", "SIM-1");
        InstanceId = Identities.InstanceId(StrategyId, hash);
        SeriesId = Identities.SeriesId(runId, "ES", "1m");
        Header =
        [
            new StrategyDefined { RunId = runId, EventUtc = Start, Source = source, StrategyId = StrategyId, Name = strategyName, Version = "1.0", Vendor = "bench" },
            new InstanceDefined
            {
                RunId = runId, EventUtc = Start, Source = source, InstanceId = InstanceId, StrategyId = StrategyId,
                ParametersJson = CanonicalJson.Parameters(parameters), Symbol = "ES", Timeframe = "1m", AccountId = "SIM-1", ConfigHash = hash,
            },
            new RunStarted { RunId = runId, EventUtc = Start, Source = source, InstanceId = InstanceId, InitialBalance = 100_000 },
            new SeriesDefined { RunId = runId, EventUtc = Start, Source = source, SeriesId = SeriesId, Symbol = "ES", Timeframe = "1m", HasVolumetric = true },
        ];
    }

    public string RunId { get; }

    public RunSource Source { get; }

    public string StrategyName { get; }

    public string StrategyId { get; }

    public string InstanceId { get; }

    public string SeriesId { get; }

    public IReadOnlyList<RecorderEvent> Header { get; }

    /// <summary>
    /// The run's definition rows written straight into a file, for the baselines that write without the recorder: its
    /// strategy, instance, run (a backtest in <paramref name="status"/>), series, and the series' share of its own bars.
    /// </summary>
    public void InsertDefinitions(SqliteConnection connection, string status, double? initialBalance = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO strategies(strategy_id, name, created_utc) VALUES ('{StrategyId}', '{StrategyName}', '2026-01-01T00:00:00.0000000Z');
            INSERT INTO strategy_instances(instance_id, strategy_id, parameters_json, created_utc) VALUES ('{InstanceId}', '{StrategyId}', '{"{}"}', '2026-01-01T00:00:00.0000000Z');
            INSERT INTO strategy_runs(run_id, instance_id, run_type, start_utc, status, created_utc, initial_balance) VALUES ('{RunId}', '{InstanceId}', 'BACKTEST', '2026-01-01T00:00:00.0000000Z', '{status}', '2026-01-01T00:00:00.0000000Z', {initialBalance?.ToString(CultureInfo.InvariantCulture) ?? "NULL"});
            INSERT OR IGNORE INTO bar_markets(symbol, timeframe, source, volumetric) VALUES ('ES', '1m', '', 0);
            INSERT INTO run_series(series_id, run_id, symbol, timeframe, created_utc, market_id, first_bar, last_bar)
            SELECT '{SeriesId}', '{RunId}', 'ES', '1m', '2026-01-01T00:00:00.0000000Z', market_id, -9000000000000000000, 9000000000000000000
            FROM bar_markets WHERE symbol = 'ES' AND timeframe = '1m' AND source = '' AND volumetric = 0;
            """;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// A bar of a series written straight into its market's bars ($1 the series, $2 the open time as stored text, then
    /// open, high, low, close, volume), for the fills that are not what a benchmark measures.
    /// </summary>
    public const string InsertBar = """
        INSERT INTO market_bars(market_id, ts, open, high, low, close, volume)
        VALUES ((SELECT market_id FROM run_series WHERE series_id = $1),
                CAST(strftime('%s', substr($2, 1, 19)) AS INTEGER) * 10000000 + CAST(substr($2, 21, 7) AS INTEGER), $3, $4, $5, $6, $7)
        """;

    public void RecordHeader(RecorderSession session)
    {
        foreach (var e in Header)
        {
            session.Record(e);
        }
    }

    /// <summary>The i-th event after the header (i from 0).</summary>
    public RecorderEvent Event(long i)
    {
        var slot = i % 50;
        var block = i / 50;
        var time = Start.AddMinutes(i);
        var price = 5000 + (block % 40) - 20 + (slot * 0.25);
        if (slot < 45)
        {
            return new BarRecorded
            {
                RunId = RunId, EventUtc = time, Source = Source, SeriesId = SeriesId, OpenUtc = time,
                Open = price, High = price + 1, Low = price - 1, Close = price + 0.5, Volume = 100 + slot,
                VolumetricJson = "{\"delta\":12,\"buy_volume\":56,\"sell_volume\":44,\"trades\":31,\"poc\":" +
                                 price.ToString(CultureInfo.InvariantCulture) + "}",
            };
        }

        var side = block % 2 == 0 ? Side.Buy : Side.Sell;
        var orderId = "O-" + block.ToString(CultureInfo.InvariantCulture);
        return slot switch
        {
            45 => Order(orderId, side, time, "OPENED", 0),
            46 => Execution(orderId + "-X1", orderId, side, time, price, 1),
            47 => Order(orderId, side, time, "PARTIALLY_FILLED", 1),
            48 => Execution(orderId + "-X2", orderId, side, time, price, 1),
            _ => Order(orderId, side, time, "FILLED", 2),
        };
    }

    private OrderSnapshot Order(string orderId, Side side, DateTime time, string status, double filled) => new()
    {
        RunId = RunId, EventUtc = time, Source = Source, OrderId = orderId, Symbol = "ES", AccountId = "SIM-1",
        Side = side, OrderType = "MARKET", Quantity = 2, Status = status, FilledQuantity = filled, ClientTag = "bench",
    };

    private ExecutionRecorded Execution(string id, string orderId, Side side, DateTime time, double price, double qty) => new()
    {
        RunId = RunId, EventUtc = time, Source = Source, ExecutionId = id, OrderId = orderId, Symbol = "ES",
        AccountId = "SIM-1", Side = side, Price = price, Quantity = qty, Fee = 1.25,
    };
}
