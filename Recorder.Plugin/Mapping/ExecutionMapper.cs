using System.Globalization;
using System.Text.Json;
using QuantowerRecorder.Plugin.Platform;
using QuantowerRecorder.Storage.Records;
using TradingPlatform.BusinessLayer;
using PositionImpact = QuantowerRecorder.Analytics.PositionImpact;
using RecordedSide = QuantowerRecorder.Analytics.Side;

namespace QuantowerRecorder.Plugin.Mapping;

/// <summary>
/// Trades to executions. TradeAdded creates a new object per message and a message sent again is a duplicate with
/// the same id, so executions are de-duplicated by id. Not thread-safe: the run calls it under its lock.
/// </summary>
internal sealed class ExecutionMapper
{
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Symbol, string Account), double> net = [];

    /// <summary>The execution to record, or null when this trade was already recorded.</summary>
    public ExecutionRecorded? Map(Trade trade, string runId, RunSource source, DateTime nowUtc)
    {
        var time = trade.DateTime > DateTime.MinValue ? trade.DateTime : nowUtc;
        var id = string.IsNullOrEmpty(trade.Id)
            // Without a vendor id, what the fill is made of identifies it.
            ? string.Create(CultureInfo.InvariantCulture, $"{trade.OrderId}|{time.Ticks}|{trade.Price:R}|{trade.Quantity:R}")
            : trade.Id;
        if (!seen.Add(id))
        {
            return null;
        }

        var symbol = Formats.Symbol(trade.Symbol) ?? string.Empty;
        var account = Formats.Account(trade.Account);
        var side = PlatformNames.Side(trade.Side);
        var key = (symbol, account ?? string.Empty);
        var position = net.GetValueOrDefault(key);
        var delta = side == RecordedSide.Buy ? trade.Quantity : -trade.Quantity;
        net[key] = position + delta;
        return new ExecutionRecorded
        {
            RunId = runId,
            EventUtc = time,
            Source = source,
            ExecutionId = id,
            OrderId = string.IsNullOrEmpty(trade.OrderId) ? "unknown" : trade.OrderId,
            Symbol = symbol,
            AccountId = account,
            Side = side,
            Price = trade.Price,
            Quantity = trade.Quantity,
            // The schema stores a fee as a positive cost; the platform's sign convention is kept in extra_json.
            Fee = Value(trade.Fee) is { } fee ? Math.Abs(fee) : null,
            FeeCurrency = trade.Fee?.AssetID,
            PositionImpact = Impact(trade.PositionImpactType, position, delta),
            ExtraJson = Extra(trade),
        };
    }

    /// <summary>
    /// The platform says only Open or Close; a Close is refined to CLOSE, REDUCE or REVERSE from the fills seen in this
    /// run. A Close the run cannot explain (the position predates the recording) stays CLOSE. Undefined → the core
    /// infers it.
    /// </summary>
    private static PositionImpact? Impact(PositionImpactType platform, double position, double delta)
    {
        switch (platform)
        {
            case PositionImpactType.Open:
                return PositionImpact.Open;
            case PositionImpactType.Close:
                if (Math.Abs(position) < 1e-9 || Math.Sign(position) == Math.Sign(delta))
                {
                    return PositionImpact.Close;
                }

                var remaining = Math.Abs(position) - Math.Abs(delta);
                return Math.Abs(remaining) < 1e-9 ? PositionImpact.Close
                    : remaining > 0 ? PositionImpact.Reduce
                    : PositionImpact.Reverse;
            default:
                return null;
        }
    }

    private static string Extra(Trade trade)
    {
        var extra = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["connection_id"] = trade.ConnectionId,
            ["position_id"] = string.IsNullOrEmpty(trade.PositionId) ? null : trade.PositionId,
            ["platform_order_type"] = trade.OrderTypeId,
            ["platform_position_impact"] = trade.PositionImpactType.ToString(),
            ["comment"] = trade.Comment,
            ["fee_raw"] = Value(trade.Fee),
            ["gross_pnl"] = Value(trade.GrossPnl),
            ["net_pnl"] = Value(trade.NetPnl),
        };
        return JsonSerializer.Serialize(extra);
    }

    private static double? Value(PnLItem? item) => item is null ? null : PlatformNames.Price(item.Value);
}
