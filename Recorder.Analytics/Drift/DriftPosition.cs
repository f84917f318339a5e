namespace QuantowerRecorder.Analytics.Drift;

/// <summary>Where a forward run's cumulative PnL after k trades lies against the backtest's band at k.</summary>
public enum DriftPosition
{
    /// <summary>Between the band's low and high, both included.</summary>
    Inside,

    /// <summary>Below the band's low.</summary>
    Below,

    /// <summary>Above the band's high.</summary>
    Above,
}
