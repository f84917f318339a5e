using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Sqlite;

/// <summary>
/// The one codec between the enumerations Storage writes and the text the file stores for them (the CHECK lists of
/// schema.sql). Spelled out rather than derived from enum names, so renaming a member cannot change the stored text,
/// and a string literal costs the writer's hot path no allocation.
/// </summary>
internal static class StoredText
{
    public static string Source(RunSource source) => source switch
    {
        RunSource.Live => "LIVE",
        RunSource.Paper => "PAPER",
        RunSource.Replay => "REPLAY",
        RunSource.Backtest => "BACKTEST",
        _ => "UNKNOWN",
    };

    public static string SideCode(Side side) => side == Side.Buy ? "BUY" : "SELL";

    public static string Impact(PositionImpact impact) => impact switch
    {
        PositionImpact.Open => "OPEN",
        PositionImpact.Close => "CLOSE",
        PositionImpact.Reduce => "REDUCE",
        PositionImpact.Reverse => "REVERSE",
        _ => "UNKNOWN",
    };

    public static string Status(RunStatus status) => status switch
    {
        RunStatus.Running => "RUNNING",
        RunStatus.Completed => "COMPLETED",
        RunStatus.Failed => "FAILED",
        RunStatus.Canceled => "CANCELED",
        RunStatus.Abandoned => "ABANDONED",
        _ => "UNKNOWN",
    };

    /// <summary>A stored run status; "CANCELLED" is the British spelling older files used, anything else unknown is ended.</summary>
    public static RunStatus ParseStatus(string? text) => text?.ToUpperInvariant() switch
    {
        "RUNNING" => RunStatus.Running,
        "FAILED" => RunStatus.Failed,
        "CANCELED" or "CANCELLED" => RunStatus.Canceled,
        "ABANDONED" => RunStatus.Abandoned,
        _ => RunStatus.Completed,
    };

    /// <summary>run_trades.side: the direction of a round trip.</summary>
    public static string TradeDirection(TradeSide side) => side == TradeSide.Long ? "LONG" : "SHORT";

    /// <summary>run_trades.excursion_source.</summary>
    public static string Excursion(ExcursionSource source) => source == ExcursionSource.Bars ? "BARS" : "FILLS";

    /// <summary>run_trades.exit_reason: the codes the schema documents.</summary>
    public static string ExitReasonCode(ExitReason reason) => reason switch
    {
        ExitReason.TakeProfit => "TP",
        ExitReason.StopLoss => "SL",
        ExitReason.Reversal => "REVERSAL",
        _ => "OTHER",
    };

    // Reading: the stored codes back into the analysis inputs. Forgiving (case, spaces, older spellings): anything not
    // recognised maps to the enumeration's "unknown" member and never throws.

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
