using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Cli.Demo;

/// <summary>
/// Everything about one demo run: which parameter set runs where, and the script of what happens in the market and at
/// the broker. Independent of the recorder: <see cref="StandInDemoRecorder"/> plays it on the stand-in platform.
/// </summary>
internal sealed record DemoRunPlan
{
    public required string StrategyName { get; init; }
    public required string InstanceName { get; init; }
    public required DemoParameters Parameters { get; init; }
    public required string Symbol { get; init; }
    public required string Exchange { get; init; }
    public required double TickSize { get; init; }

    /// <summary>The contract: tick value, type, expiry, fees.</summary>
    public required DemoInstrument Instrument { get; init; }
    public required TimeSpan BarLength { get; init; }
    public required string Account { get; init; }

    /// <summary>Backtest runs on the platform's backtester connection, paper on its trading simulator.</summary>
    public required RunSource RunType { get; init; }

    public required double InitialBalance { get; init; }
    public required string Currency { get; init; }
    public required DateTime StartUtc { get; init; }
    public required DateTime EndUtc { get; init; }

    /// <summary>The name of the connection the run trades on (what the recorder stores as the run's data source).</summary>
    public required string DataSource { get; init; }

    public required IReadOnlyList<DemoStep> Steps { get; init; }
}

/// <summary>One parameter set of the sample strategy: the values of its input parameters.</summary>
internal sealed record DemoParameters(int FastPeriod, int SlowPeriod, double StopLossPercent, double TakeProfitPercent, double Quantity);
