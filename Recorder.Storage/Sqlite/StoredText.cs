using QuantowerRecorder.Storage.Records;
using AnalyticsSide = QuantowerRecorder.Analytics.TradeSide;
using ExcursionSource = QuantowerRecorder.Analytics.ExcursionSource;
using ExitReason = QuantowerRecorder.Analytics.ExitReason;

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

    public static string Side(TradeSide side) => side == TradeSide.Buy ? "BUY" : "SELL";

    public static string Impact(PositionImpact impact) => impact switch
    {
        PositionImpact.Open => "OPEN",
        PositionImpact.Close => "CLOSE",
        PositionImpact.Reduce => "REDUCE",
        PositionImpact.Reverse => "REVERSE",
        _ => "UNKNOWN",
    };

    public static PositionImpact ParseImpact(string? text) => text?.ToUpperInvariant() switch
    {
        "OPEN" => PositionImpact.Open,
        "CLOSE" => PositionImpact.Close,
        "REDUCE" => PositionImpact.Reduce,
        "REVERSE" => PositionImpact.Reverse,
        _ => PositionImpact.Unknown,
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
    public static string TradeDirection(AnalyticsSide side) => side == AnalyticsSide.Long ? "LONG" : "SHORT";

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
}
