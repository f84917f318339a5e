namespace QuantowerRecorder.Analytics;

/// <summary>The result of <see cref="RunAnalyzer.Analyze"/>. Every list is in a deterministic order.</summary>
public sealed record RunAnalysis
{
    /// <summary>Closed round-trip trades, in exit order.</summary>
    public required IReadOnlyList<RoundTrip> Trades { get; init; }

    /// <summary>Positions still open at the end, by symbol then account.</summary>
    public required IReadOnlyList<OpenPosition> OpenPositions { get; init; }

    /// <summary>Mark-to-market equity and drawdown, one point per distinct event time.</summary>
    public required IReadOnlyList<EquityPoint> Equity { get; init; }

    /// <summary>
    /// Strides of <see cref="Equity"/> that are a bar's close times a fixed factor plus a fixed base, bar after bar:
    /// what a store needs to keep them as a reference to the bars instead of one row per point.
    /// </summary>
    public IReadOnlyList<EquityMarks> EquityMarks { get; init; } = [];

    /// <summary>All metrics, in the order of <see cref="MetricKeys"/>.</summary>
    public required IReadOnlyList<Metric> Metrics { get; init; }

    /// <summary>Execution quality per order, by submission time.</summary>
    public required IReadOnlyList<OrderExecution> Orders { get; init; }

    /// <summary>Slippage per fill, in fill time order.</summary>
    public required IReadOnlyList<FillSlippage> FillSlippage { get; init; }

    /// <summary>Why some metrics are null, and other caveats.</summary>
    public required IReadOnlyList<AnalysisNote> Notes { get; init; }

    /// <summary>The value of the metric with this key; null when absent or undefined.</summary>
    public double? Value(string key) => Metrics.FirstOrDefault(m => string.Equals(m.Key, key, StringComparison.Ordinal))?.Value;
}
