using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Demo;

/// <summary>One demo run: which parameter set trades which bars on which connection, and when it starts.</summary>
internal sealed record DemoRunPlan
{
    public required string InstanceName { get; init; }
    public required DemoParameters Parameters { get; init; }
    public required DemoInstrument Instrument { get; init; }

    /// <summary><see cref="ConnectionType.Backtester"/> (a backtest) or <see cref="ConnectionType.TradingSimulator"/> (paper).</summary>
    public required ConnectionType Connection { get; init; }

    /// <summary>The connection's name, which the recorder stores as the run's data source.</summary>
    public required string DataSource { get; init; }

    public required IReadOnlyList<DemoBar> Bars { get; init; }

    /// <summary>When the strategy is started: a little before its first bar.</summary>
    public required DateTime StartUtc { get; init; }

    /// <summary>The study (optimisation) the run is a pass of, as its author names it (RunRecorderOptions.Study); null for none.</summary>
    public string? Study { get; init; }

    /// <summary>A backtest closes what is open at its end; a paper run leaves it open.</summary>
    public bool IsBacktest => Connection == ConnectionType.Backtester;
}

/// <summary>One parameter set of the sample strategy: the values of its input parameters.</summary>
internal sealed record DemoParameters(int FastPeriod, int SlowPeriod, double StopLossPercent, double TakeProfitPercent, double Quantity);
