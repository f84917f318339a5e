namespace TradingPlatform.BusinessLayer.StandIn;

/// <summary>
/// Test controls for bars: build them, append them, update the forming one, or push ticks. Live bar events are raised
/// on the symbol's connection thread, as the platform raises them; each control queues its work there and waits for it
/// (inline when called on that thread; on the caller's thread for a history whose symbol has no connection).
/// </summary>
public static class StandInHistory
{
    public static HistoryItemBar Bar(DateTime timeLeftUtc, Period period, double open, double high, double low, double close, double volume = 0) =>
        new()
        {
            TicksLeft = timeLeftUtc.Ticks,
            TicksRight = timeLeftUtc.Ticks + Math.Max(period.Ticks, 0) - 1,
            Open = open,
            High = high,
            Low = low,
            Close = close,
            Volume = volume,
            Ticks = volume > 0 ? (long)volume : 0,
        };

    /// <summary>Appends a new bar, which becomes [0]; the previous one is [1]. Then NewHistoryItem (invoked safely).</summary>
    public static void AppendBar(HistoricalData historicalData, IHistoryItem bar)
    {
        ArgumentNullException.ThrowIfNull(historicalData);
        OnConnectionThread(historicalData.Symbol, () => historicalData.Append(bar));
    }

    /// <summary>
    /// Updates [0], then HistoryItemUpdated (a plain call: a handler's exception stops the message on the connection's
    /// thread, is logged there, and is rethrown to this control).
    /// </summary>
    public static void UpdateCurrentBar(HistoricalData historicalData, Action<HistoryItemBar> update)
    {
        ArgumentNullException.ThrowIfNull(historicalData);
        OnConnectionThread(historicalData.Symbol, () => historicalData.UpdateCurrent(item => update((HistoryItemBar)item)));
    }

    /// <summary>
    /// A live trade: updates the symbol's Last and is kept in the connection's history (a later history request
    /// returns the bars it made), then each live time-bar HistoricalData of the symbol either updates
    /// its forming bar (HistoryItemUpdated) or, when the tick starts a new period, appends a bar (NewHistoryItem). On a
    /// history whose volume analysis was calculated, the new bar carries the data provided for it
    /// (<see cref="StandInVolumeAnalysis.Provide"/>), as the platform keeps live bars' volume analysis up to date.
    /// </summary>
    public static void PushTick(Symbol symbol, DateTime timeUtc, double price, double volume = 1)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        OnConnectionThread(symbol, () => Trade(symbol, timeUtc, price, volume));
    }

    /// <summary>Queued on the symbol's connection and waited for; inline on that thread or without a connection.</summary>
    internal static void OnConnectionThread(Symbol symbol, Action action)
    {
        if (symbol?.Connection?.Queue is { } queue)
        {
            queue.Send(action);
        }
        else
        {
            action();
        }
    }

    internal static void Trade(Symbol symbol, DateTime timeUtc, double price, double volume)
    {
        symbol.ApplyQuote(symbol.Bid, symbol.Ask, price, timeUtc);
        symbol.Connection?.HistoryProvider.Traded(symbol, timeUtc, price, volume);
        foreach (var data in symbol.LiveHistory)
        {
            if (data.Aggregation is not HistoryAggregationTime { Period: var period } || period.Ticks <= 0)
            {
                continue;
            }

            var start = AlignedStart(timeUtc, period);
            var count = data.Count;
            if (count > 0 && data[0].TicksLeft >= start.Ticks)
            {
                UpdateCurrentBar(data, bar =>
                {
                    bar.High = double.IsNaN(bar.High) ? price : Math.Max(bar.High, price);
                    bar.Low = double.IsNaN(bar.Low) ? price : Math.Min(bar.Low, price);
                    bar.Open = double.IsNaN(bar.Open) ? price : bar.Open;
                    bar.Close = price;
                    bar.Volume += volume;
                    bar.Ticks++;
                });
            }
            else
            {
                var bar = Bar(start, period, price, price, price, price, volume);
                bar.Ticks = 1;
                Core.Instance.VolumeAnalysis.AttachLive(data, bar, count > 0 ? data[0] : null);
                AppendBar(data, bar);
            }
        }
    }

    internal static DateTime AlignedStart(DateTime timeUtc, Period period)
    {
        if (period.BasePeriod is BasePeriod.Month or BasePeriod.Year)
        {
            return period.BasePeriod == BasePeriod.Year
                ? new DateTime(timeUtc.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc)
                : new DateTime(timeUtc.Year, timeUtc.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        }

        return new DateTime(timeUtc.Ticks - (timeUtc.Ticks % period.Ticks), DateTimeKind.Utc);
    }
}
