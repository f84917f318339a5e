namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// The order flow of the bar in which a trade entered or exited (docs/metrics.md, "Order flow at entry and exit").
/// </summary>
/// <param name="BarTimeUtc">The bar's open time.</param>
/// <param name="Delta">Buy − sell volume of the bar.</param>
/// <param name="CumulativeDelta">Σ delta from the first bar of the bar's UTC day up to this bar.</param>
/// <param name="PocDistanceTicks">(Fill price − POC) / tick size: positive above the POC.</param>
/// <param name="Imbalance">(buy − sell) / (buy + sell), from −1 to 1.</param>
public sealed record OrderFlowSnapshot(DateTime BarTimeUtc, double? Delta, double? CumulativeDelta, double? PocDistanceTicks, double? Imbalance);
