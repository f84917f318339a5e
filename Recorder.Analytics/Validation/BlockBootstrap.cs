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
        if (lanes && n > 0)
        {
            // Every sample takes the same blocks: ⌈n / blockLength⌉, the last cut to what the run has left.
            var blocks = (n + blockLength - 1) / blockLength;
            var starts = new int[Lanes * blocks];
            for (; b + Lanes <= samples; b += Lanes)
            {
                for (var k = 0; k < starts.Length; k++)
                {
                    starts[k] = random.NextInt(n);
                }

                var sums = Four(pnl, blockLength, blocks, starts);
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

    // Four samples' sums: sample l's blocks start at starts[l · blocks + q], q in order.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Vector256<double> Four(double[] pnl, int blockLength, int blocks, int[] starts)
    {
        var n = pnl.Length;
        var sums = Vector256<double>.Zero;
        ref var first = ref MemoryMarshal.GetArrayDataReference(pnl);
        for (var q = 0; q < blocks; q++)
        {
            var (s0, s1, s2, s3) = (starts[q], starts[blocks + q], starts[(2 * blocks) + q], starts[(3 * blocks) + q]);
            var length = Math.Min(blockLength, n - (q * blockLength));
            for (var k = 0; k < length; k++)
            {
                sums += Vector256.Create(
                    Unsafe.Add(ref first, Wrap(s0 + k, n)), Unsafe.Add(ref first, Wrap(s1 + k, n)),
                    Unsafe.Add(ref first, Wrap(s2 + k, n)), Unsafe.Add(ref first, Wrap(s3 + k, n)));
            }
        }

        return sums;
    }

    // A start below n plus an offset below the block length, itself at most n: within [0, 2n), wrapped into [0, n).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Wrap(int i, int n) => i >= n ? i - n : i;
}
