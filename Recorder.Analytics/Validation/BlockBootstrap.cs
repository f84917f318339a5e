using System.Runtime.CompilerServices;
using QuantowerRecorder.Analytics.Stats;

namespace QuantowerRecorder.Analytics.Validation;

/// <summary>
/// Circular block bootstrap of the trade PnL sequence: each sample joins blocks of consecutive trades (wrapping
/// at the end) that start at uniform random trades, until it has as many trades as the run; its statistic is
/// the sum. The interval is the 2.5 % and 97.5 % quantiles of the sums.
/// </summary>
internal static class BlockBootstrap
{
    /// <summary>Block length: the cube root of the trade count, rounded, at least 1.</summary>
    public static int BlockLength(int trades) => Math.Max(1, (int)Math.Round(Math.Cbrt(trades)));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double Low, double High) TotalInterval(double[] pnl, int samples, int blockLength, Xoshiro256 random)
    {
        var n = pnl.Length;
        var totals = new double[samples];
        for (var b = 0; b < samples; b++)
        {
            var total = 0.0;
            var taken = 0;
            while (taken < n)
            {
                var start = random.NextInt(n);
                for (var k = 0; k < blockLength && taken < n; k++, taken++)
                {
                    var i = start + k;
                    total += pnl[i >= n ? i - n : i];
                }
            }

            totals[b] = total;
        }

        Array.Sort(totals);
        return (Quantile.OfSorted(totals, 0.025), Quantile.OfSorted(totals, 0.975));
    }
}
