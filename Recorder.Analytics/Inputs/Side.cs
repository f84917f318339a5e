namespace QuantowerRecorder.Analytics;

/// <summary>The side of an order or a fill (<c>BUY</c> / <c>SELL</c> in the database).</summary>
public enum Side
{
    /// <summary>Buys: adds to a long position or reduces a short one.</summary>
    Buy,

    /// <summary>Sells: adds to a short position or reduces a long one.</summary>
    Sell,
}
