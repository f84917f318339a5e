namespace QuantowerRecorder.Analytics.Inputs;

/// <summary>
/// Highest high and lowest low over any index range in O(log n), after O(n) set-up (an iterative segment tree).
/// This keeps MAE/MFE at O((bars + trades) · log bars) instead of scanning the bars of every trade.
/// </summary>
internal sealed class RangeExtremes
{
    private readonly int _n;
    private readonly double[] _max;
    private readonly double[] _min;

    public RangeExtremes(double[] highs, double[] lows)
    {
        _n = highs.Length;
        _max = new double[2 * _n];
        _min = new double[2 * _n];
        Array.Copy(highs, 0, _max, _n, _n);
        Array.Copy(lows, 0, _min, _n, _n);
        for (var i = _n - 1; i > 0; i--)
        {
            _max[i] = Math.Max(_max[2 * i], _max[(2 * i) + 1]);
            _min[i] = Math.Min(_min[2 * i], _min[(2 * i) + 1]);
        }
    }

    /// <summary>Inclusive range; <paramref name="first"/> ≤ <paramref name="last"/>.</summary>
    public (double High, double Low) Query(int first, int last)
    {
        var high = double.NegativeInfinity;
        var low = double.PositiveInfinity;
        var l = first + _n;
        var r = last + _n + 1;
        while (l < r)
        {
            if ((l & 1) == 1)
            {
                high = Math.Max(high, _max[l]);
                low = Math.Min(low, _min[l]);
                l++;
            }

            if ((r & 1) == 1)
            {
                r--;
                high = Math.Max(high, _max[r]);
                low = Math.Min(low, _min[r]);
            }

            l >>= 1;
            r >>= 1;
        }

        return (high, low);
    }
}
