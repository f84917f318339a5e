using System.Globalization;
using System.Text.Json;
using QuantowerRecorder.Plugin.Platform;
using QuantowerRecorder.Storage.Records;
using TradingPlatform.BusinessLayer;
using NetPositions = QuantowerRecorder.Analytics.NetPositions;
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
    private readonly NetPositions positions = new();

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
        var impact = Impact(trade.PositionImpactType, positions.Infer(symbol, account, side, trade.Quantity));
        positions.Apply(symbol, account, side, trade.Quantity, impact ?? PositionImpact.Unknown);
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
            PositionImpact = impact,
            ExtraJson = Extra(trade),
        };
    }

    /// <summary>
    /// The platform says only Open or Close; a Close is refined to CLOSE, REDUCE or REVERSE by the one position rule
    /// (<see cref="NetPositions"/>) over the fills seen in this run. A Close the run cannot explain (the position
    /// predates the recording: the rule says it opens) stays CLOSE. Undefined → the writer infers it by the same rule.
    /// </summary>
    private static PositionImpact? Impact(PositionImpactType platform, PositionImpact byRule) => platform switch
    {
        PositionImpactType.Open => PositionImpact.Open,
        PositionImpactType.Close => byRule == PositionImpact.Open ? PositionImpact.Close : byRule,
        _ => null,
    };

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
