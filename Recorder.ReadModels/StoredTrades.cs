using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// The run's stored closed trades as Analytics' <see cref="RoundTrip"/>, so the Insight computations read what the
/// analysis stored instead of analysing the run again.
/// </summary>
public static class StoredTrades
{
    public static IReadOnlyList<RoundTrip> Closed(IEnumerable<TradeRow> rows) =>
        rows.Where(r => !r.IsOpen && r.ExitUtc is not null).Select(From).ToList();

    private static RoundTrip From(TradeRow row)
    {
        var entry = Timestamps.Parse(row.EntryUtc);
        var exit = Timestamps.Parse(row.ExitUtc!);
        return new RoundTrip
        {
            Number = (int)row.TradeNo,
            Symbol = row.Symbol,
            Account = row.AccountId ?? "",
            Side = row.Side == "SHORT" ? TradeSide.Short : TradeSide.Long,
            Quantity = row.Quantity,
            EntryTimeUtc = entry,
            EntryPrice = row.EntryPrice,
            ExitTimeUtc = exit,
            ExitPrice = row.ExitPrice ?? row.EntryPrice,
            GrossPnl = row.GrossPnl ?? 0,
            Fees = row.Fees ?? 0,
            NetPnl = row.NetPnl ?? 0,
            PnlPct = row.PnlPercent,
            HoldingTime = exit - entry,
            Mae = row.Mae ?? 0,
            Mfe = row.Mfe ?? 0,
            ExcursionSource = row.ExcursionSource == "FILLS" ? ExcursionSource.Fills : ExcursionSource.Bars,
            EntryOrderIds = [],
            ExitOrderIds = [],
            EntryTag = row.EntryTag,
            ExitTag = row.ExitTag,
            ExitReason = row.ExitReason switch
            {
                "TP" => ExitReason.TakeProfit,
                "SL" => ExitReason.StopLoss,
                "REVERSAL" => ExitReason.Reversal,
                _ => ExitReason.Other,
            },
            InitialStop = row.InitialStop,
            RMultiple = row.RMultiple,
        };
    }
}
