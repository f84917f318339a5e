namespace QuantowerRecorder.Analytics.WhatIf;

/// <summary>
/// Bars as arrays, with the lows' and highs' minima and maxima over blocks of 32 bars and over 2^k blocks, so that
/// "the first bar from i on whose low reaches a level" costs two short scans and a jump over blocks (O(32 + log n))
/// however far the level lies: a 10 × 10 grid over 10,000 trades never rescans a million bars per cell.
/// </summary>
internal sealed class BarArrays
{
    private const int BlockBits = 5;
    private const int BlockSize = 1 << BlockBits;
    private readonly double[][] blockMin;
    private readonly double[][] blockMax;

    public BarArrays(IReadOnlyList<Bar> bars)
    {
        var n = bars.Count;
        Start = new long[n];
        Open = new double[n];
        High = new double[n];
        Low = new double[n];
        Close = new double[n];
        for (var i = 0; i < n; i++)
        {
            var bar = bars[i];
            Start[i] = bar.TimeUtc.Ticks;
            Open[i] = bar.Open;
            High[i] = bar.High;
            Low[i] = bar.Low;
            Close[i] = bar.Close;
        }

        var blocks = (n + BlockSize - 1) >> BlockBits;
        var levels = 1;
        while ((1 << levels) <= blocks)
        {
            levels++;
        }

        blockMin = new double[levels][];
        blockMax = new double[levels][];
        blockMin[0] = new double[blocks];
        blockMax[0] = new double[blocks];
        for (var b = 0; b < blocks; b++)
        {
            double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
            for (var i = b << BlockBits; i < Math.Min(n, (b + 1) << BlockBits); i++)
            {
                lo = Math.Min(lo, Low[i]);
                hi = Math.Max(hi, High[i]);
            }

            blockMin[0][b] = lo;
            blockMax[0][b] = hi;
        }

        for (var k = 1; k < levels; k++)
        {
            var half = 1 << (k - 1);
            var count = blocks - (1 << k) + 1;
            blockMin[k] = new double[count];
            blockMax[k] = new double[count];
            for (var b = 0; b < count; b++)
            {
                blockMin[k][b] = Math.Min(blockMin[k - 1][b], blockMin[k - 1][b + half]);
                blockMax[k][b] = Math.Max(blockMax[k - 1][b], blockMax[k - 1][b + half]);
            }
        }
    }

    public int Count => Start.Length;

    public long[] Start { get; }

    public double[] Open { get; }

    public double[] High { get; }

    public double[] Low { get; }

    public double[] Close { get; }

    /// <summary>The last bar that opened at or before <paramref name="ticks"/>; −1 when none did.</summary>
    public int IndexAt(long ticks)
    {
        var i = Array.BinarySearch(Start, ticks);
        if (i >= 0)
        {
            // Equal stamps: the last of them.
            while (i + 1 < Start.Length && Start[i + 1] == ticks)
            {
                i++;
            }

            return i;
        }

        return ~i - 1;
    }

    /// <summary>The first bar in [<paramref name="from"/>, <paramref name="to"/>] whose low is at or below <paramref name="level"/>; −1 if none.</summary>
    public int FirstLowAtOrBelow(int from, int to, double level) => First(from, to, level, below: true);

    /// <summary>The first bar in [<paramref name="from"/>, <paramref name="to"/>] whose high is at or above <paramref name="level"/>; −1 if none.</summary>
    public int FirstHighAtOrAbove(int from, int to, double level) => First(from, to, level, below: false);

    private int First(int from, int to, double level, bool below)
    {
        if (from > to)
        {
            return -1;
        }

        var values = below ? Low : High;
        var firstBlockEnd = Math.Min(to, (((from >> BlockBits) + 1) << BlockBits) - 1);
        for (var i = from; i <= firstBlockEnd; i++)
        {
            if (below ? values[i] <= level : values[i] >= level)
            {
                return i;
            }
        }

        var b = (from >> BlockBits) + 1;
        var lastBlock = to >> BlockBits;
        if (b > lastBlock)
        {
            return -1;
        }

        // Jump over whole blocks before the last (possibly partial) one while none of them reaches the level.
        var table = below ? blockMin : blockMax;
        for (var k = table.Length - 1; k >= 0; k--)
        {
            if (b + (1 << k) - 1 <= lastBlock - 1 && (below ? table[k][b] > level : table[k][b] < level))
            {
                b += 1 << k;
            }
        }

        var end = Math.Min(to, ((b + 1) << BlockBits) - 1);
        for (var i = b << BlockBits; i <= end; i++)
        {
            if (below ? values[i] <= level : values[i] >= level)
            {
                return i;
            }
        }

        return -1;
    }
}
