namespace QuantowerRecorder.Analytics.Inputs;

/// <summary>
/// Highest high and lowest low over any index range in O(log n), after O(n) set-up (an iterative segment tree).
/// This keeps MAE/MFE at O((bars + trades) · log bars) instead of scanning the bars of every trade.
/// </summary>
internal sealed class RangeExtremes
{
    private readonly int n;
    private readonly double[] max;
    private readonly double[] min;

    public RangeExtremes(double[] highs, double[] lows)
        : this(highs.Length)
    {
        Array.Copy(highs, 0, this.max, this.n, this.n);
        Array.Copy(lows, 0, this.min, this.n, this.n);
        Build();
    }

    /// <summary>A tree of <paramref name="count"/> leaves, each set by <see cref="Leaf"/> before <see cref="Build"/>.</summary>
    public RangeExtremes(int count)
    {
        this.n = count;
        this.max = new double[2 * this.n];
        this.min = new double[2 * this.n];
    }

    /// <summary>Sets the high and low at index <paramref name="i"/> (before <see cref="Build"/>).</summary>
    public void Leaf(int i, double high, double low)
    {
        this.max[this.n + i] = high;
        this.min[this.n + i] = low;
    }

    /// <summary>Computes the inner nodes from the leaves.</summary>
    public void Build()
    {
        for (var i = this.n - 1; i > 0; i--)
        {
            this.max[i] = Math.Max(this.max[2 * i], this.max[(2 * i) + 1]);
            this.min[i] = Math.Min(this.min[2 * i], this.min[(2 * i) + 1]);
        }
    }

    /// <summary>Inclusive range; <paramref name="first"/> ≤ <paramref name="last"/>.</summary>
    public (double High, double Low) Query(int first, int last)
    {
        var high = double.NegativeInfinity;
        var low = double.PositiveInfinity;
        var l = first + this.n;
        var r = last + this.n + 1;
        while (l < r)
        {
            if ((l & 1) == 1)
            {
                high = Math.Max(high, this.max[l]);
                low = Math.Min(low, this.min[l]);
                l++;
            }

            if ((r & 1) == 1)
            {
                r--;
                high = Math.Max(high, this.max[r]);
                low = Math.Min(low, this.min[r]);
            }

            l >>= 1;
            r >>= 1;
        }

        return (high, low);
    }
}
