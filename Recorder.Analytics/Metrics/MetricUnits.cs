namespace QuantowerRecorder.Analytics;

/// <summary>The units metrics are given in.</summary>
public static class MetricUnits
{
    /// <summary>
    /// The instrument's currency (price × quantity × point value); a run that mixes currencies has its run-wide money
    /// metrics null and gets per-currency totals instead (docs/metrics.md, "Currencies").
    /// </summary>
    public const string Money = "money";

    /// <summary>Percent (12.5 means 12.5 %).</summary>
    public const string Percent = "pct";

    public const string Count = "count";

    /// <summary>A pure number (ratios, Sharpe-type ratios, R multiples).</summary>
    public const string Ratio = "ratio";

    /// <summary>A probability between 0 and 1.</summary>
    public const string Probability = "probability";

    /// <summary>A difference in the symbol's price, per unit of quantity (not money).</summary>
    public const string Price = "price";

    /// <summary>A price difference divided by the symbol's tick size, over the fills whose tick size is known.</summary>
    public const string Ticks = "ticks";

    public const string Seconds = "s";

    public const string Milliseconds = "ms";

    /// <summary>Days (may be fractional).</summary>
    public const string Days = "days";
}
