using System.Runtime.CompilerServices;
using QuantowerRecorder.Analytics.Stats;

namespace QuantowerRecorder.Analytics.Validation;

/// <summary>
/// Trade-order Monte Carlo. Max drawdown: the trades reshuffled (Fisher–Yates), equity = start + running sum.
/// Final equity: a reshuffle leaves the sum unchanged, so it is drawn from trades resampled with replacement.
/// </summary>
/// <remarks>
/// A run's end computes these once: they are compiled optimised at their first call (AggressiveOptimization), not first
/// at the runtime's quick tier and then replaced on the stack part-way through their loops, which made that first call
/// half as fast again as the next ones (docs/benchmarks.md).
/// </remarks>
internal static class MonteCarlo
{
    public static (double P5, double P50, double P95) MaxDrawdown(double[] pnl, double start, int samples, Xoshiro256 random) =>
        random.Drawing((ref Xoshiro256.State r) => MaxDrawdown(pnl, start, samples, ref r));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double P5, double P50, double P95) MaxDrawdown(double[] pnl, double start, int samples, ref Xoshiro256.State state)
    {
        var random = state;
        var order = (double[])pnl.Clone();
        var drawdowns = new double[samples];
        var finite = NoSumOverflows(pnl, start);
        for (var b = 0; b < samples; b++)
        {
            for (var i = order.Length - 1; i > 0; i--)
            {
                var j = random.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }

            drawdowns[b] = finite ? WorstDrop(order, start) : WorstDropOf(order, start);
        }

        state = random;

        return Percentiles(drawdowns);
    }

    // The deepest fall of start + running sum below its running peak: Math.Max's definition, with its NaN and signed-zero
    // rules (WorstDropOf). Where no sum can overflow and no value is NaN, plain comparisons give the very same value
    // (WorstDrop): they differ from Math.Max only on a NaN, and on +0 against -0, which only decides the sign of a zero
    // peak, and the fall from it is the same. Without Math.Max's checks the scan of 2,000 trades takes about half as long.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double WorstDrop(double[] order, double start)
    {
        double equity = start, peak = start, worst = 0;
        foreach (var x in order)
        {
            equity += x;
            peak = equity > peak ? equity : peak;
            var drop = peak - equity;
            worst = drop > worst ? drop : worst;
        }

        return worst;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double WorstDropOf(double[] order, double start)
    {
        double equity = start, peak = start, worst = 0;
        foreach (var x in order)
        {
            equity += x;
            peak = Math.Max(peak, equity);
            worst = Math.Max(worst, peak - equity);
        }

        return worst;
    }

    // Every running sum of these values, in any order, stays finite: each value and the start finite, and their
    // magnitudes' total within double's range.
    private static bool NoSumOverflows(double[] values, double start)
    {
        var total = Math.Abs(start);
        foreach (var x in values)
        {
            total += Math.Abs(x);
        }

        return double.IsFinite(total);
    }

    public static (double P5, double P50, double P95) FinalEquity(double[] pnl, double start, int samples, Xoshiro256 random) =>
        random.Drawing((ref Xoshiro256.State r) => FinalEquity(pnl, start, samples, ref r));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
