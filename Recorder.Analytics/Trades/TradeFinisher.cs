using QuantowerRecorder.Analytics.Inputs;

namespace QuantowerRecorder.Analytics.Trades;

/// <summary>Turns a closed lot into a <see cref="RoundTrip"/>: money, excursions, initial stop, exit reason, tags.</summary>
internal sealed class TradeFinisher(
    Instruments instruments,
    PricePaths prices,
    IReadOnlyDictionary<string, OrderInfo> orders,
    StopFinder stops)
{
    public RoundTrip Finish(Lot lot, int number)
    {
        var pointValue = instruments.PointValue(lot.Symbol);
        var quantity = lot.EntryQuantity;
        var entry = lot.EntryValue / lot.EntryQuantity;
        var exit = lot.ExitValue / lot.ExitQuantity;
        var gross = lot.GrossPoints * pointValue;
        var fees = lot.EntryFees + lot.ExitFees;
        var net = NetPnl(lot, pointValue);
        var notional = Math.Abs(entry * quantity * pointValue);

        var high = lot.MaxFillPrice;
        var low = lot.MinFillPrice;
        var source = ExcursionSource.Fills;
        if (prices.Extremes(lot.Symbol, lot.FirstEntryTicks, lot.LastExitTicks) is { } seen)
        {
            high = Math.Max(high, seen.High);
            low = Math.Min(low, seen.Low);
            source = seen.Source;
        }

        var favourable = lot.Direction > 0 ? high - entry : entry - low;
        var adverse = lot.Direction > 0 ? low - entry : entry - high;
        var exitOrder = lot.LastExitOrderId is { } exitId ? orders.GetValueOrDefault(exitId) : null;
        var stop = stops.Find(lot);
        var risk = stop is { } s && (lot.Direction > 0 ? s < entry : s > entry)
            ? Math.Abs(entry - s) * quantity * pointValue
            : 0.0;

        return new RoundTrip
        {
            Number = number,
            Symbol = lot.Symbol,
            Account = lot.Account,
            Side = lot.Direction > 0 ? TradeSide.Long : TradeSide.Short,
            Quantity = quantity,
            EntryTimeUtc = new DateTime(lot.FirstEntryTicks, DateTimeKind.Utc),
            EntryPrice = entry,
            ExitTimeUtc = new DateTime(lot.LastExitTicks, DateTimeKind.Utc),
            ExitPrice = exit,
            GrossPnl = gross,
            Fees = fees,
            NetPnl = net,
            PnlPct = notional > 0 ? net / notional * 100 : null,
            HoldingTime = TimeSpan.FromTicks(lot.LastExitTicks - lot.FirstEntryTicks),
            Mae = Math.Min(0, adverse) * quantity * pointValue,
            Mfe = Math.Max(0, favourable) * quantity * pointValue,
            ExcursionSource = source,
            EntryOrderIds = lot.EntryOrderIds.ToList(),
            ExitOrderIds = lot.ExitOrderIds.ToList(),
            EntryTag = orders.GetValueOrDefault(lot.EntryOrderIds.First)?.ClientTag,
            ExitTag = exitOrder?.ClientTag,
            ExitReason = exitOrder?.OcoRole switch
            {
                OcoRole.StopLoss => ExitReason.StopLoss,
                OcoRole.TakeProfit => ExitReason.TakeProfit,
                _ when lot.LastExitReversed => ExitReason.Reversal,
                _ => ExitReason.Other,
            },
            InitialStop = stop,
            RMultiple = risk > 0 ? net / risk : null,
        };
    }

    /// <summary>
    /// A closed lot's net PnL, as its <see cref="RoundTrip.NetPnl"/>: the validation reads it before the trades are finished.
    /// </summary>
    public static double NetPnl(Lot lot, double pointValue) => (lot.GrossPoints * pointValue) - (lot.EntryFees + lot.ExitFees);

    public OpenPosition Open(string symbol, string account, IReadOnlyList<Lot> lots)
    {
        var pointValue = instruments.PointValue(symbol);
        double quantity = 0, cost = 0, realisedPoints = 0, exitFees = 0, entryFees = 0;
        var firstEntry = long.MaxValue;
        foreach (var lot in lots)
        {
            quantity += lot.Remaining;
            cost += lot.CostRemaining;
            realisedPoints += lot.GrossPoints;
            exitFees += lot.ExitFees;
            entryFees += lot.EntryFees;
            firstEntry = Math.Min(firstEntry, lot.FirstEntryTicks);
        }

        var direction = lots[0].Direction;
        var average = cost / quantity;
        var (mark, markTicks) = prices.LastPrice(symbol) ?? (average, firstEntry);
        return new OpenPosition
        {
            Symbol = symbol,
            Account = account,
            Side = direction > 0 ? TradeSide.Long : TradeSide.Short,
            Quantity = quantity,
            AverageEntryPrice = average,
            EntryTimeUtc = new DateTime(firstEntry, DateTimeKind.Utc),
            MarkPrice = mark,
            MarkTimeUtc = new DateTime(markTicks, DateTimeKind.Utc),
            UnrealisedPnl = (mark - average) * direction * quantity * pointValue,
            RealisedPnl = (realisedPoints * pointValue) - exitFees,
            EntryFees = entryFees,
        };
    }
}
