namespace QuantowerRecorder.Analytics;

/// <summary>The role an order plays in its OCO group (<c>order_oco_links.oco_role</c>).</summary>
public enum OcoRole
{
    /// <summary>Not in an OCO group, or the role is not known.</summary>
    None,

    /// <summary>The order that opens the position (<c>ENTRY</c>).</summary>
    Entry,

    /// <summary>The protective stop-loss (<c>SL</c>).</summary>
    StopLoss,

    /// <summary>The take-profit (<c>TP</c>).</summary>
    TakeProfit,

    /// <summary>Another closing order (<c>EXIT</c>).</summary>
    Exit,

    /// <summary>A hedge (<c>HEDGE</c>).</summary>
    Hedge,
}
