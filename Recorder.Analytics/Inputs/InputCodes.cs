namespace QuantowerRecorder.Analytics;

/// <summary>
/// Maps the upper-case text codes stored in the database to the input enumerations (ordinal, case-insensitive).
/// Anything not recognised maps to the enumeration's "unknown" member, never throws.
/// </summary>
public static class InputCodes
{
    /// <summary><c>BUY</c> → Buy, <c>SELL</c> → Sell; null when neither.</summary>
    public static Side? ParseSide(string? code) => Normalise(code) switch
    {
        "BUY" => Side.Buy,
        "SELL" => Side.Sell,
        _ => null,
    };

    /// <summary><c>MARKET</c>, <c>LIMIT</c>, <c>STOP</c>, <c>STOP_LIMIT</c> (also <c>STOPLIMIT</c>); else Other.</summary>
    public static OrderType ParseOrderType(string? code) => Normalise(code) switch
    {
        "MARKET" => OrderType.Market,
        "LIMIT" => OrderType.Limit,
        "STOP" or "STOP_MARKET" => OrderType.Stop,
        "STOP_LIMIT" or "STOPLIMIT" => OrderType.StopLimit,
        _ => OrderType.Other,
    };

    /// <summary>Order status codes, including both spellings of cancelled.</summary>
    public static OrderStatus ParseOrderStatus(string? code) => Normalise(code) switch
    {
        "OPENED" or "OPEN" or "WORKING" or "NEW" or "PENDING" or "SUBMITTED" => OrderStatus.Working,
        "PARTIALLYFILLED" or "PARTIALLY_FILLED" or "PARTIAL" => OrderStatus.PartiallyFilled,
        "FILLED" => OrderStatus.Filled,
        "CANCELLED" or "CANCELED" => OrderStatus.Cancelled,
        "REJECTED" or "REFUSED" => OrderStatus.Rejected,
        _ => OrderStatus.Unknown,
    };

    /// <summary><c>ENTRY</c>, <c>SL</c>, <c>TP</c>, <c>EXIT</c>, <c>HEDGE</c>; else None.</summary>
    public static OcoRole ParseOcoRole(string? code) => Normalise(code) switch
    {
        "ENTRY" => OcoRole.Entry,
        "SL" or "STOP_LOSS" or "STOPLOSS" => OcoRole.StopLoss,
        "TP" or "TAKE_PROFIT" or "TAKEPROFIT" => OcoRole.TakeProfit,
        "EXIT" => OcoRole.Exit,
        "HEDGE" => OcoRole.Hedge,
        _ => OcoRole.None,
    };

    /// <summary><c>OPEN</c>, <c>CLOSE</c>, <c>REDUCE</c>, <c>REVERSE</c>; else Unknown.</summary>
    public static PositionImpact ParsePositionImpact(string? code) => Normalise(code) switch
    {
        "OPEN" => PositionImpact.Open,
        "CLOSE" => PositionImpact.Close,
        "REDUCE" => PositionImpact.Reduce,
        "REVERSE" => PositionImpact.Reverse,
        _ => PositionImpact.Unknown,
    };

    private static string Normalise(string? code) => (code ?? "").Trim().ToUpperInvariant();
}
