using QuantowerRecorder.Analytics.Stats;

namespace QuantowerRecorder.Analytics.Validation;

/// <summary>
/// Trade-order Monte Carlo. Max drawdown: the trades reshuffled (Fisher–Yates), equity = start + running sum.
/// Final equity: a reshuffle leaves the sum unchanged, so it is drawn from trades resampled with replacement.
/// </summary>
internal static class MonteCarlo
{
    public static (double P5, double P50, double P95) MaxDrawdown(double[] pnl, double start, int samples, Xoshiro256 random) =>
        random.Drawing((ref Xoshiro256.State r) => MaxDrawdown(pnl, start, samples, ref r));

    private static (double P5, double P50, double P95) MaxDrawdown(double[] pnl, double start, int samples, ref Xoshiro256.State state)
    {
        var random = state;
        var order = (double[])pnl.Clone();
        var drawdowns = new double[samples];
        for (var b = 0; b < samples; b++)
        {
            for (var i = order.Length - 1; i > 0; i--)
            {
                var j = random.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }

            double equity = start, peak = start, worst = 0;
            foreach (var x in order)
            {
                equity += x;
                peak = Math.Max(peak, equity);
                worst = Math.Max(worst, peak - equity);
            }

            drawdowns[b] = worst;
        }

        state = random;

        return Percentiles(drawdowns);
    }

    public static (double P5, double P50, double P95) FinalEquity(double[] pnl, double start, int samples, Xoshiro256 random) =>
        random.Drawing((ref Xoshiro256.State r) => FinalEquity(pnl, start, samples, ref r));

    private static (double P5, double P50, double P95) FinalEquity(double[] pnl, double start, int samples, ref Xoshiro256.State state)
    {
        var random = state;
        var finals = new double[samples];
        for (var b = 0; b < samples; b++)
        {
            var equity = start;
            for (var i = 0; i < pnl.Length; i++)
            {
                equity += pnl[random.NextInt(pnl.Length)];
            }

            finals[b] = equity;
        }

        state = random;

        return Percentiles(finals);
    }

    private static (double, double, double) Percentiles(double[] values)
    {
        Array.Sort(values);
        return (Quantile.OfSorted(values, 0.05), Quantile.OfSorted(values, 0.50), Quantile.OfSorted(values, 0.95));
    }
}
