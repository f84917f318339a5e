using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

    public static (double Low, double High) TotalInterval(double[] pnl, int samples, int blockLength, Xoshiro256 random)
    {
        var totals = Totals(pnl, samples, blockLength, random, Vector256.IsHardwareAccelerated);
        Array.Sort(totals);
        return (Quantile.OfSorted(totals, 0.025), Quantile.OfSorted(totals, 0.975));
    }

    /// <summary>
    /// Each sample's sum, in sample order. With <paramref name="lanes"/> (where the processor adds four doubles at once),
    /// four samples' block starts are drawn, in the order the samples alone draw them, and their sums added side by side,
    /// one to a lane: each lane adds its trades in the same order as its sample alone, so every sum is the same to the
    /// bit; only the four sums' additions, which depend each on the one before, no longer wait on each other (tests
    /// compare the ways).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double[] Totals(double[] pnl, int samples, int blockLength, Xoshiro256 random, bool lanes)
    {
        var n = pnl.Length;
        var totals = new double[samples];
        var b = 0;
        if (lanes && n > 0 && blockLength <= n)
        {
            // Every sample takes the same blocks: ⌈n / blockLength⌉, the last cut to what the run has left. A block that
            // wraps reads on past the last trade into a copy of the first ones, so its trades are read without a check: a
            // block starts at the last trade at most, and reads blockLength - 1 after it.
            var blocks = (n + blockLength - 1) / blockLength;
            var starts = new int[Lanes * blocks];
            var unrolled = new double[n + blockLength - 1];
            pnl.CopyTo(unrolled, 0);
            Array.Copy(pnl, 0, unrolled, n, blockLength - 1);
            for (; b + Lanes <= samples; b += Lanes)
            {
                for (var k = 0; k < starts.Length; k++)
                {
                    starts[k] = random.NextInt(n);
                }

                var sums = Four(unrolled, n, blockLength, blocks, starts);
                for (var lane = 0; lane < Lanes; lane++)
                {
                    totals[b + lane] = sums.GetElement(lane);
                }
            }
        }

        for (; b < samples; b++)
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

        return totals;
    }

    private const int Lanes = 4;

    // Four samples' sums: sample l's blocks start at starts[l · blocks + q], q in order; the trades read from unrolled,
    // the run's n trades followed by its first blockLength - 1 again.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Vector256<double> Four(double[] unrolled, int n, int blockLength, int blocks, int[] starts)
    {
        var sums = Vector256<double>.Zero;
        ref var first = ref MemoryMarshal.GetArrayDataReference(unrolled);
        for (var q = 0; q < blocks; q++)
        {
            ref var s0 = ref Unsafe.Add(ref first, starts[q]);
            ref var s1 = ref Unsafe.Add(ref first, starts[blocks + q]);
            ref var s2 = ref Unsafe.Add(ref first, starts[(2 * blocks) + q]);
            ref var s3 = ref Unsafe.Add(ref first, starts[(3 * blocks) + q]);
            var length = Math.Min(blockLength, n - (q * blockLength));
            for (var k = 0; k < length; k++)
            {
                sums += Vector256.Create(Unsafe.Add(ref s0, k), Unsafe.Add(ref s1, k), Unsafe.Add(ref s2, k), Unsafe.Add(ref s3, k));
            }
        }

        return sums;
    }
}
