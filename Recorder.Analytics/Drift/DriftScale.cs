using QuantowerRecorder.Analytics.Stats;

namespace QuantowerRecorder.Analytics.Drift;

/// <summary>How backtest trades are sized to the forward run (docs/metrics.md, "Drift").</summary>
public static class DriftScale
{
    /// <summary>
    /// The forward run's median entry quantity over the backtest's; 1 when either has no trade. A ratio of medians
    /// keeps the backtest's own spread of sizes (a strategy that sizes by volatility) while matching the forward run's
    /// typical size.
    /// </summary>
    public static double Of(IReadOnlyList<DriftTrade> backtest, IReadOnlyList<DriftTrade> forward)
    {
        ArgumentNullException.ThrowIfNull(backtest);
        ArgumentNullException.ThrowIfNull(forward);
        var b = Quantile.Of(backtest.Select(t => t.Quantity), 0.5);
        var f = Quantile.Of(forward.Select(t => t.Quantity), 0.5);
        return b is > 0 && f is > 0 ? f.Value / b.Value : 1;
    }
}
