namespace TradingPlatform.BusinessLayer.StandIn;

/// <summary>The history a test gave a connection, served to <see cref="Symbol.GetHistory(HistoryRequestParameters)"/>.</summary>
internal sealed class HistoryProvider
{
    private readonly object sync = new();
    private readonly Dictionary<(string SymbolId, Period Period), List<IHistoryItem>> items = [];

    internal void Set(Symbol symbol, Period period, IEnumerable<IHistoryItem> history)
    {
        lock (this.sync)
        {
            this.items[(symbol.Id, period)] = [.. history.OrderBy(i => i.TicksLeft)];
        }
    }

    /// <summary>Clones of the stored items in [FromTime, ToTime] (ToTime default = open-ended).</summary>
    internal IHistoryItem[] Load(HistoryRequestParameters request)
    {
        var period = (request.Aggregation as HistoryAggregationTime)?.Period ?? default;
        lock (this.sync)
        {
            if (request.Symbol == null || !this.items.TryGetValue((request.Symbol.Id, period), out var stored))
            {
                return [];
            }

            var from = request.FromTime.Ticks;
            var to = request.ToTime == default ? long.MaxValue : request.ToTime.Ticks;
            return [.. stored.Where(i => i.TicksLeft >= from && i.TicksLeft <= to).Select(i => (IHistoryItem)i.Clone())];
        }
    }
}
