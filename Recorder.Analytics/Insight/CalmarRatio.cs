namespace QuantowerRecorder.Analytics.Insight;

/// <summary>The Calmar ratio from a run's stored metrics (docs/metrics.md, "Calmar ratio").</summary>
public static class CalmarRatio
{
    /// <summary>The metric's key where it is shown next to the stored metrics.</summary>
    public const string Key = "calmar";

    /// <summary>CAGR % / max drawdown %; null when either is unknown or the run never drew down.</summary>
    public static double? Of(double? cagrPct, double? maxDrawdownPct) =>
        cagrPct is { } cagr && maxDrawdownPct is { } depth && depth > 0 && double.IsFinite(cagr) && double.IsFinite(depth)
            ? cagr / depth
            : null;
}
