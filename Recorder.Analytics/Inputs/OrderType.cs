namespace QuantowerRecorder.Analytics;

/// <summary>The order types execution quality distinguishes (<c>orders.order_type</c>).</summary>
public enum OrderType
{
    /// <summary>Any type not listed here (trailing stops, custom types): no reference price.</summary>
    Other,

    /// <summary>Market order: slippage is measured against the last bar close before submission.</summary>
    Market,

    /// <summary>Limit order: slippage is measured against its limit price.</summary>
    Limit,

    /// <summary>Stop order: slippage is measured against its stop price.</summary>
    Stop,

    /// <summary>Stop-limit order: slippage is measured against its stop (trigger) price.</summary>
    StopLimit,
}
