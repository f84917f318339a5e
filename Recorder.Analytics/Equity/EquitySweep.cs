using QuantowerRecorder.Analytics.Inputs;

namespace QuantowerRecorder.Analytics.Equity;

/// <summary>
/// What one equity curve's sweep leaves for the next analysis of the same run (<see cref="AnalysisFold"/>): the builder
/// as the sweep stood before each track's last bar (<see cref="EquityBuilder.Held"/>), and the bars, fills and settings
/// it had swept. A later analysis whose events begin with exactly
/// these goes on from the builder over the events after them instead of sweeping the run again
/// (<see cref="EquityBuilder.For"/>); anything else is swept whole. Never changed once made.
/// </summary>
internal sealed class EquitySweep
{
    /// <summary>Curves of more points are not kept (about 70 bytes a point, and the swept bars' times and closes).</summary>
    public const int MaxPoints = 250_000;

    private readonly SweptTrack[] tracks;
    private readonly SweptFill[] fills;
    private readonly double? initialBalance;
    private readonly long? startTicks;

    /// <param name="builder">The builder as it swept a beginning of exactly the other arguments (<see cref="EquityBuilder.Held"/>).</param>
    public EquitySweep(EquityBuilder builder, IReadOnlyList<BarTrack> bars, IReadOnlyList<Fill> fills, int[] timeOrder, double[] effective, RunContext context)
    {
        Builder = builder;
        this.tracks = bars.Select(t => new SweptTrack(t.Symbol, t.Key, t.Start, t.End, t.Close)).ToArray();
        this.fills = timeOrder.Take(builder.SweptCounts[^1]).Select(i => new SweptFill(fills[i], effective[i])).ToArray();
        (this.initialBalance, this.startTicks) = (context.InitialBalance, context.StartUtc?.Ticks);
    }

    /// <summary>The builder as the sweep stood: copied by the one that goes on (<see cref="EquityBuilder.For"/>).</summary>
    public EquityBuilder Builder { get; }

    /// <summary>
    /// Whether these events begin with exactly those swept, and all the others come after the newest of them: the same
    /// tracks (symbols, stored series) in the same order, each holding the swept bars' times, ends and closes unchanged
    /// (compared bit for bit), the same fills first in time order with the same matched quantities, the same initial
    /// balance, start and point values, and every bar or fill not swept ending after the newest event swept. Then going
    /// on gives the curve a whole sweep gives, bit for bit. Asks <paramref name="instruments"/> each swept symbol's point
    /// value, as a whole sweep would.
    /// </summary>
    public bool Continues(Instruments instruments, IReadOnlyList<Fill> fills, int[] timeOrder, double[] effective, IReadOnlyList<BarTrack> bars,
        RunContext context)
    {
        var swept = Builder.Swept;
        var counts = Builder.SweptCounts;
        if (bars.Count != this.tracks.Length || counts.Count != bars.Count + 1 || timeOrder.Length < this.fills.Length
            || !Same(context.InitialBalance, this.initialBalance) || context.StartUtc?.Ticks != this.startTicks)
        {
            return false;
        }

        for (var s = 0; s < bars.Count; s++)
        {
            if (!this.tracks[s].BeginsWith(bars[s], counts[s], swept))
            {
                return false;
            }
        }

        for (var k = 0; k < this.fills.Length; k++)
        {
            if (!this.fills[k].Is(fills[timeOrder[k]], effective[timeOrder[k]]))
            {
                return false;
            }
        }

        if (timeOrder.Length > this.fills.Length && fills[timeOrder[this.fills.Length]].TimeUtc.Ticks <= swept)
        {
            return false;
        }

        // Every symbol's, so that the instruments note each one that had to guess, as a whole sweep makes them.
        var samePointValues = true;
        foreach (var (symbol, pointValue) in Builder.PointValues)
        {
            samePointValues &= BitConverter.DoubleToInt64Bits(instruments.PointValue(symbol)) == BitConverter.DoubleToInt64Bits(pointValue);
        }

        return samePointValues;
    }

    private static bool Same(double? x, double? y) =>
        x is { } a ? y is { } b && BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b) : y is null;

    // A track as swept: the sweep read its symbol, series, bar times, ends and closes. The arrays are the swept track's,
    // never changed (each analysis indexes its bars anew).
    private sealed record SweptTrack(string Symbol, string? Key, long[] Start, long[] End, double[] Close)
    {
        // The same track with its first `count` bars as swept and the rest ending after `swept`.
        public bool BeginsWith(BarTrack track, int count, long swept) =>
            string.Equals(track.Symbol, Symbol, StringComparison.Ordinal) && string.Equals(track.Key, Key, StringComparison.Ordinal)
            && count <= Start.Length && track.Count >= count
            && track.Start.AsSpan(0, count).SequenceEqual(Start.AsSpan(0, count)) && track.End.AsSpan(0, count).SequenceEqual(End.AsSpan(0, count))
            && Bits(track.Close.AsSpan(0, count)).SequenceEqual(Bits(Close.AsSpan(0, count)))
            && (track.Count == count || track.End[count] > swept);

        private static ReadOnlySpan<long> Bits(ReadOnlySpan<double> values) => System.Runtime.InteropServices.MemoryMarshal.Cast<double, long>(values);
    }

    // A fill as swept: what the sweep read of it, and the quantity it matched.
    private sealed record SweptFill(Fill Fill, double Effective)
    {
        public bool Is(Fill fill, double effective) =>
            Bits(effective) == Bits(Effective)
            && (ReferenceEquals(fill, Fill)
                || (string.Equals(fill.Symbol, Fill.Symbol, StringComparison.Ordinal) && string.Equals(fill.Account, Fill.Account, StringComparison.Ordinal)
                    && fill.Side == Fill.Side && fill.TimeUtc.Ticks == Fill.TimeUtc.Ticks && Bits(fill.Quantity) == Bits(Fill.Quantity)
                    && Bits(fill.Price) == Bits(Fill.Price) && Bits(fill.Fee) == Bits(Fill.Fee)));

        private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);
    }
}
