namespace QuantowerRecorder.Analytics;

/// <summary>The units metrics are given in.</summary>
public static class MetricUnits
{
    /// <summary>Account currency.</summary>
    public const string Money = "money";

    /// <summary>Percent (12.5 means 12.5 %).</summary>
    public const string Percent = "pct";

    public const string Count = "count";

    /// <summary>A pure number (ratios, Sharpe-type ratios, R multiples).</summary>
    public const string Ratio = "ratio";

    /// <summary>A probability between 0 and 1.</summary>
    public const string Probability = "probability";

    /// <summary>Price units.</summary>
    public const string Price = "price";

    /// <summary>Ticks of the symbol.</summary>
    public const string Ticks = "ticks";

    public const string Seconds = "s";

    public const string Milliseconds = "ms";

    /// <summary>Days (may be fractional).</summary>
    public const string Days = "days";
}
