namespace QuantowerRecorder.Analytics;

/// <summary>The direction of a round-trip trade or an open position.</summary>
public enum TradeSide
{
    /// <summary>Bought first, sold to exit.</summary>
    Long,

    /// <summary>Sold first, bought to exit.</summary>
    Short,
}
