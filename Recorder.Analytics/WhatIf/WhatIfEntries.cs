using QuantowerRecorder.Analytics.Inputs;
using QuantowerRecorder.Analytics.Trades;

namespace QuantowerRecorder.Analytics.WhatIf;

/// <summary>The entries of a run as its trades were formed from them: FIFO lots, one per order that opened quantity.</summary>
public static class WhatIfEntries
{
    /// <summary>
    /// Every lot of <paramref name="symbol"/> that the run's fills opened (closed or still open), in time order: one per
    /// order that opened quantity (its partial fills together), so that a scale-in is an entry of its own with its own
    /// exits. Fills that only closed a position opened before recording open nothing.
    /// </summary>
    public static IReadOnlyList<WhatIfEntry> From(IReadOnlyList<Fill> fills, string symbol)
    {
        ArgumentNullException.ThrowIfNull(fills);
        var builder = new TradeBuilder(LotMatching.Fifo);
        foreach (var i in TimeOrder.Of(fills))
        {
            if (string.Equals(fills[i].Symbol, symbol, StringComparison.Ordinal) && RunAnalyzer.Usable(fills[i]))
            {
                builder.Apply(fills[i]);
            }
        }

        return builder.Closed.Concat(builder.OpenBooks().SelectMany(b => b.Lots))
            .Select(l => new WhatIfEntry(new DateTime(l.FirstEntryTicks, DateTimeKind.Utc), l.Direction > 0 ? TradeSide.Long : TradeSide.Short,
                l.EntryQuantity, l.EntryValue / l.EntryQuantity, l.EntryFees))
            .OrderBy(e => e.TimeUtc)
            .ToList();
    }
}
