using QuantowerRecorder.Storage.Records;
using TradingPlatform.BusinessLayer;
using PositionImpact = QuantowerRecorder.Analytics.PositionImpact;
using RecordedSide = QuantowerRecorder.Analytics.Side;

namespace QuantowerRecorder.Plugin.Mapping;

/// <summary>The schema's upper-case names for the platform's enums and order type ids.</summary>
internal static class PlatformNames
{
    public static RecordedSide Side(Side side) => side == TradingPlatform.BusinessLayer.Side.Sell ? RecordedSide.Sell : RecordedSide.Buy;

    public static string Status(OrderStatus status) => status switch
    {
        OrderStatus.Opened => "OPENED",
        OrderStatus.PartiallyFilled => "PARTIALLY_FILLED",
        OrderStatus.Filled => "FILLED",
        OrderStatus.Cancelled => "CANCELED", // the design's spelling (strategy_runs has it too), not the platform's
        OrderStatus.Refused => "REFUSED",
        OrderStatus.Inactive => "INACTIVE",
        _ => "UNSPECIFIED",
    };

    public static string OrderType(string? orderTypeId) => orderTypeId switch
    {
        null or "" => "UNKNOWN",
        TradingPlatform.BusinessLayer.OrderType.Market => "MARKET",
        TradingPlatform.BusinessLayer.OrderType.Limit => "LIMIT",
        TradingPlatform.BusinessLayer.OrderType.Stop => "STOP",
        TradingPlatform.BusinessLayer.OrderType.StopLimit => "STOP_LIMIT",
        TradingPlatform.BusinessLayer.OrderType.TrailingStop => "TRAILING_STOP",
        TradingPlatform.BusinessLayer.OrderType.MarketIfTouched => "MARKET_IF_TOUCHED",
        TradingPlatform.BusinessLayer.OrderType.LimitIfTouched => "LIMIT_IF_TOUCHED",
        _ => orderTypeId.ToUpperInvariant(),
    };

    public static string TimeInForce(TimeInForce tif) => tif.ToString().ToUpperInvariant();

    /// <summary>NaN and infinities are "not used" in the platform; the schema stores them as NULL.</summary>
    public static double? Price(double value) => double.IsFinite(value) ? value : null;
}
