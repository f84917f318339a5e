namespace QuantowerRecorder.Analytics.Inputs;

/// <summary>One symbol's fill prices in time order: the price path when the symbol has no bars.</summary>
internal sealed class FillTrack
{
    private FillTrack(long[] times, double[] prices)
    {
        Times = times;
        Prices = prices;
        Extremes = new RangeExtremes(prices, prices);
    }

    public long[] Times { get; }
    public double[] Prices { get; }
    public RangeExtremes Extremes { get; }

    /// <summary><paramref name="timeOrder"/> lists the fill indices in time order.</summary>
    public static Dictionary<string, FillTrack> BuildAll(IReadOnlyList<Fill> fills, IReadOnlyList<int> timeOrder, Func<int, bool> usable) =>
        timeOrder.Where(usable)
            .Select(i => fills[i])
            .GroupBy(f => f.Symbol, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new FillTrack(g.Select(f => f.TimeUtc.Ticks).ToArray(), g.Select(f => f.Price).ToArray()), StringComparer.Ordinal);

    /// <summary>Fills with time in [from, to] as an inclusive index range; First &gt; Last when none.</summary>
    public (int First, int Last) Within(long from, long to) =>
        (BarTrack.LastAtOrBefore(Times, from - 1) + 1, BarTrack.LastAtOrBefore(Times, to));
}
