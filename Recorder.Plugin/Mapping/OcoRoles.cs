namespace QuantowerRecorder.Plugin;

/// <summary>Roles of an order in an OCO group or bracket, as stored in <c>order_oco_links.oco_role</c>.</summary>
public static class OcoRoles
{
    /// <summary>The order that opens the position a bracket protects.</summary>
    public const string Entry = "ENTRY";

    /// <summary>The protective stop of a bracket.</summary>
    public const string StopLoss = "SL";

    /// <summary>The profit target of a bracket.</summary>
    public const string TakeProfit = "TP";

    /// <summary>Any other order that closes the position.</summary>
    public const string Exit = "EXIT";

    /// <summary>An order that offsets risk elsewhere.</summary>
    public const string Hedge = "HEDGE";
}
