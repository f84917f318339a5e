using QuantowerRecorder.Analytics.Inputs;

namespace QuantowerRecorder.Analytics.Insight;

/// <summary>Order flow at each trade's entry and exit from volumetric bars, and PnL by the sign of the entry bar's delta.</summary>
public static class OrderFlow
{
    /// <summary>Keys of <see cref="PnlByDeltaSign"/>, in their order.</summary>
    public static readonly IReadOnlyList<string> Signs = ["POSITIVE", "NEGATIVE", "ZERO", "UNKNOWN"];

    /// <summary>One row per trade, in the trades' order. Tick sizes come from <paramref name="context"/>.</summary>
    public static IReadOnlyList<TradeOrderFlow> AtTrades(IReadOnlyList<RoundTrip> trades, IReadOnlyList<VolumetricSeries> series, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(trades);
        ArgumentNullException.ThrowIfNull(series);
        var tracks = new Dictionary<string, VolumetricTrack>(StringComparer.Ordinal);
        foreach (var s in series.Where(s => s.Bars.Count > 0))
        {
            // As for price bars: per symbol the series with the most bars.
            if (!tracks.TryGetValue(s.Symbol, out var current) || s.Bars.Count > current.Count)
            {
                tracks[s.Symbol] = new VolumetricTrack(s);
            }
        }

        var instruments = new Instruments(context ?? new RunContext());
        return trades.Select(t =>
        {
            if (!tracks.TryGetValue(t.Symbol, out var track))
            {
                return new TradeOrderFlow(t.Number, null, null);
            }

            var tick = instruments.TickSize(t.Symbol, null);
            return new TradeOrderFlow(t.Number, track.At(t.EntryTimeUtc, t.EntryPrice, tick), track.At(t.ExitTimeUtc, t.ExitPrice, tick));
        }).ToList();
    }

    /// <summary>
    /// Closed trades grouped by the sign of their entry bar's delta: POSITIVE, NEGATIVE, ZERO, UNKNOWN (no bar or no
    /// delta); groups without trades are left out. <paramref name="flows"/>[i] is <paramref name="trades"/>[i]'s, as
    /// <see cref="AtTrades"/> gives them (so trades of several runs can be grouped together).
    /// </summary>
    public static IReadOnlyList<BreakdownRow> PnlByDeltaSign(IReadOnlyList<RoundTrip> trades, IReadOnlyList<TradeOrderFlow> flows)
    {
        ArgumentNullException.ThrowIfNull(trades);
        ArgumentNullException.ThrowIfNull(flows);
        if (flows.Count != trades.Count || trades.Where((t, i) => t.Number != flows[i].TradeNumber).Any())
        {
            throw new ArgumentException("flows must be the trades' own, in the trades' order (as OrderFlow.AtTrades gives them)", nameof(flows));
        }

        var sign = new Dictionary<RoundTrip, string>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < trades.Count; i++)
        {
            sign[trades[i]] = flows[i].Entry?.Delta switch
            {
                > 0 => Signs[0],
                < 0 => Signs[1],
                0 => Signs[2],
                _ => Signs[3],
            };
        }

        return TradeBreakdowns.Group(trades, t => sign[t], Comparer<string>.Create((a, b) => Rank(a).CompareTo(Rank(b))));
    }

    private static int Rank(string sign) => Signs.TakeWhile(s => !string.Equals(s, sign, StringComparison.Ordinal)).Count();
}
