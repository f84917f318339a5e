namespace QuantowerRecorder.Analytics;

/// <summary>Why a trade ended, from the OCO role of the order whose fill completed the exit.</summary>
public enum ExitReason
{
    /// <summary>Any other order (role EXIT, ENTRY, HEDGE, none, or an order not recorded), not reversing.</summary>
    Other,

    /// <summary>The exit was completed by the take-profit order (role TP).</summary>
    TakeProfit,

    /// <summary>The exit was completed by the stop-loss order (role SL).</summary>
    StopLoss,

    /// <summary>
    /// The fill that completed the exit also opened a position on the other side (the opposite signal reversed the
    /// position with one order), and its order has no TP or SL role.
    /// </summary>
    Reversal,
}
