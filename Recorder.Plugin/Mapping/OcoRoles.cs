namespace QuantowerRecorder.Plugin;

/// <summary>Roles of an order in an OCO group or bracket, as stored in <c>order_oco_links.oco_role</c>.</summary>
public static class OcoRoles
{
    /// <summary>The order that opens the position a bracket protects.</summary>
    public const string Entry = "ENTRY";

    /// <summary>The bracket's stop: a trade's initial and final stop, its moves and the trade's risk (R) come from this order's prices.</summary>
    public const string StopLoss = "SL";

    /// <summary>The bracket's target: a trade's target price and placed reward:risk come from this order's price.</summary>
    public const string TakeProfit = "TP";

    /// <summary>Any other order that closes the position.</summary>
    public const string Exit = "EXIT";

    /// <summary>An order that offsets risk elsewhere.</summary>
    public const string Hedge = "HEDGE";
}
