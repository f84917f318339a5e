using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Tests.Support;

/// <summary>Builds the events of one run, with readable defaults, for tests.</summary>
internal sealed class Scenario
{
    public static readonly DateTime T0 = new(2026, 3, 2, 14, 30, 0, DateTimeKind.Utc);

    public Scenario(string? runId = null, RunSource source = RunSource.Live, string strategy = "Test strategy",
        IReadOnlyDictionary<string, object?>? parameters = null)
    {
        RunId = runId ?? Identities.NewRunId(TimeProvider.System);
        Source = source;
        StrategyId = Identities.StrategyId(strategy, "1.0", "tests");
        Parameters = parameters ?? new Dictionary<string, object?> { ["period"] = 14, ["threshold"] = 1.5 };
        ConfigHash = Identities.ConfigHash(Parameters, ["ES"], "1m", "ACC-1");
        InstanceId = Identities.InstanceId(StrategyId, ConfigHash);
        SeriesId = Identities.SeriesId(RunId, "ES", "1m");
        StrategyName = strategy;
    }

    public string RunId { get; }

    public RunSource Source { get; }

    public string StrategyId { get; }

    public string StrategyName { get; }

    public string InstanceId { get; }

    public string ConfigHash { get; }

    public string SeriesId { get; }

    public IReadOnlyDictionary<string, object?> Parameters { get; }

    public DateTime At(double seconds) => T0.AddSeconds(seconds);

    public IEnumerable<RecorderEvent> Start(bool withSeries = true)
    {
        yield return new StrategyDefined { RunId = RunId, EventUtc = T0, Source = Source, StrategyId = StrategyId, Name = StrategyName, Version = "1.0", Vendor = "tests" };
        yield return new InstanceDefined
        {
            RunId = RunId, EventUtc = T0, Source = Source, InstanceId = InstanceId, StrategyId = StrategyId,
            ParametersJson = CanonicalJson.Parameters(Parameters), Symbol = "ES", Timeframe = "1m", AccountId = "ACC-1",
            ConfigHash = ConfigHash,
        };
        yield return new RunStarted { RunId = RunId, EventUtc = T0, Source = Source, InstanceId = InstanceId, InitialBalance = 50_000 };
        if (withSeries)
        {
            yield return new SeriesDefined { RunId = RunId, EventUtc = T0, Source = Source, SeriesId = SeriesId, Symbol = "ES", Timeframe = "1m" };
        }
    }

    public OrderSnapshot Order(string orderId, Side side, double quantity, string status = "OPENED", double at = 1,
        string type = "MARKET", double? price = null, double? stop = null, string? symbol = "ES", double? filled = null) => new()
    {
        RunId = RunId, EventUtc = At(at), Source = Source, OrderId = orderId, Symbol = symbol!, AccountId = "ACC-1",
        Side = side, OrderType = type, Quantity = quantity, Price = price, StopPrice = stop, Status = status, FilledQuantity = filled,
    };

    public ExecutionRecorded Fill(string executionId, string orderId, Side side, double quantity, double price = 5000,
        double at = 2, string symbol = "ES") => new()
    {
        RunId = RunId, EventUtc = At(at), Source = Source, ExecutionId = executionId, OrderId = orderId, Symbol = symbol,
        AccountId = "ACC-1", Side = side, Price = price, Quantity = quantity, Fee = 2.5,
    };

    public BarRecorded Bar(int minute, double close = 5000, bool closed = true, double at = -1) => new()
    {
        RunId = RunId, EventUtc = at >= 0 ? At(at) : T0.AddMinutes(minute + 1), Source = Source, SeriesId = SeriesId,
        OpenUtc = T0.AddMinutes(minute), Open = close - 1, High = close + 2, Low = close - 2, Close = close, Volume = 10,
        IsClosed = closed,
    };

    public RunEnded End(RunStatus status = RunStatus.Completed, double at = 3600) =>
        new() { RunId = RunId, EventUtc = At(at), Source = Source, Status = status };
}
