using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
        Percentiles(MaxDrawdowns(pnl, start, samples, random, Vector256.IsHardwareAccelerated));

    /// <summary>
    /// Each sample's max drawdown, in sample order. With <paramref name="lanes"/> (where the processor adds four doubles at
    /// once) and sums that cannot overflow, four samples are scanned side by side, one to a lane (tests compare the ways).
    /// </summary>
    internal static double[] MaxDrawdowns(double[] pnl, double start, int samples, Xoshiro256 random, bool lanes) =>
        random.Drawing((ref Xoshiro256.State r) => lanes && NoSumOverflows(pnl, start)
            ? MaxDrawdownsFour(pnl, start, samples, ref r)
            : MaxDrawdowns(pnl, start, samples, ref r));

    // Sample b's scan and sample b + 1's shuffle, which draws from the generator exactly as it would after the scan, run
    // in one loop: the scan's additions, each waiting on the one before, and the generator's steps, each waiting on the
    // one before, are two chains the processor runs side by side instead of one after the other. The scan reads a copy
    // of the order sample b's shuffle left, as the shuffle after it goes on from that order.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] MaxDrawdowns(double[] pnl, double start, int samples, ref Xoshiro256.State state)
    {
        var random = state;
        var order = (double[])pnl.Clone();
        var scanned = new double[order.Length];
        var drawdowns = new double[samples];
        var finite = NoSumOverflows(pnl, start);
        if (samples > 0)
        {
            Shuffle(order, ref random);
        }

        for (var b = 0; b < samples; b++)
        {
            order.AsSpan().CopyTo(scanned);
            var more = b + 1 < samples;
            drawdowns[b] = finite
                ? ScanAndShuffle<PlainDrop>(scanned, start, order, more, ref random)
                : ScanAndShuffle<MathMaxDrop>(scanned, start, order, more, ref random);
        }

        state = random;

        return drawdowns;
    }

    // Four samples at a time, one to a lane. Each shuffle lays its order out in its lane as it goes (a Fisher–Yates step
    // from the top leaves position i as it stays), the four orders side by side, trade k of lane l at 4k + l; the four
    // are then scanned at once, each lane adding its trades in the order one sample alone does, so every drawdown is the
    // same to the bit (PlainDrop's comparisons, lane by lane). The scan runs in one loop with the next group's first
    // shuffle, as ScanAndShuffle runs one sample's scan with the next one's shuffle: the generator's steps then bound the
    // whole, not the scan's additions. A last group of fewer than four scans lanes it keeps no drawdown of.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] MaxDrawdownsFour(double[] pnl, double start, int samples, ref Xoshiro256.State state)
    {
        var random = state;
        var order = (double[])pnl.Clone();
        var (laying, scanning) = (new double[Lanes * order.Length], new double[Lanes * order.Length]);
        var drawdowns = new double[samples];
        if (samples > 0)
        {
            ShuffleInto(order, laying, 0, ref random);
        }

        for (var b = 0; b < samples; b += Lanes)
        {
            // Lane 0 of this group is laid out (shuffled beside the scan before it); the rest are shuffled now.
            var group = Math.Min(Lanes, samples - b);
            for (var lane = 1; lane < group; lane++)
            {
                ShuffleInto(order, laying, lane, ref random);
            }

            (laying, scanning) = (scanning, laying);
            var worst = ScanFourAndShuffle(scanning, start, order, laying, b + Lanes < samples, ref random);
            for (var lane = 0; lane < group; lane++)
            {
                drawdowns[b + lane] = worst.GetElement(lane);
            }
        }

        state = random;
        return drawdowns;
    }

    private const int Lanes = 4;

    // Fisher–Yates as Shuffle, each position written to its lane of laid once it is final (position 0 last).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ShuffleInto(double[] order, double[] laid, int lane, ref Xoshiro256.State random)
    {
        if (order.Length == 0)
        {
            return;
        }

        var r = random;
        ref var first = ref MemoryMarshal.GetArrayDataReference(order);
        ref var lanes = ref MemoryMarshal.GetArrayDataReference(laid);
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = r.NextInt(i + 1);
            ref var a = ref Unsafe.Add(ref first, i);
            ref var c = ref Unsafe.Add(ref first, j);
            (a, c) = (c, a);
            Unsafe.Add(ref lanes, (Lanes * i) + lane) = a;
        }

        Unsafe.Add(ref lanes, lane) = first;
        random = r;
    }

    // The four lanes' deepest falls, PlainDrop's steps lane by lane; with shuffle, the next sample's shuffle meanwhile,
    // laid out in lane 0 of next, step for step as ShuffleInto.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ScanFourAndShuffle(double[] laid, double start, double[] order, double[] next, bool shuffle, ref Xoshiro256.State random)
    {
        var equity = Vector256.Create(start);
        var peak = equity;
        var worst = Vector256<double>.Zero;
        ref var scanned = ref MemoryMarshal.GetArrayDataReference(laid);
        var n = order.Length;
        var k = 0;
        if (shuffle && n > 0)
        {
            var r = random;
            ref var first = ref MemoryMarshal.GetArrayDataReference(order);
            ref var lanes = ref MemoryMarshal.GetArrayDataReference(next);
            for (var i = n - 1; i > 0; i--, k++)
            {
                FourSteps(Vector256.LoadUnsafe(ref scanned, (nuint)(Lanes * k)), ref equity, ref peak, ref worst);
                var j = r.NextInt(i + 1);
                ref var a = ref Unsafe.Add(ref first, i);
                ref var c = ref Unsafe.Add(ref first, j);
                (a, c) = (c, a);
                Unsafe.Add(ref lanes, Lanes * i) = a;
            }

            Unsafe.Add(ref lanes, 0) = first;
            random = r;
        }

        for (; k < n; k++)
        {
            FourSteps(Vector256.LoadUnsafe(ref scanned, (nuint)(Lanes * k)), ref equity, ref peak, ref worst);
        }

        return worst;
    }

    // PlainDrop.Step in each lane: a comparison that is false keeps the old value, as the ternaries do.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FourSteps(Vector256<double> x, ref Vector256<double> equity, ref Vector256<double> peak, ref Vector256<double> worst)
    {
        equity += x;
        peak = Vector256.ConditionalSelect(Vector256.GreaterThan(equity, peak), equity, peak);
        var drop = peak - equity;
        worst = Vector256.ConditionalSelect(Vector256.GreaterThan(drop, worst), drop, worst);
    }

    // Fisher–Yates, from the last position down.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Shuffle(double[] order, ref Xoshiro256.State random)
    {
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    // The deepest fall of start + running sum of scanned below its running peak; with shuffle, order shuffled once more
    // meanwhile, step for step as Shuffle does.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ScanAndShuffle<TDrop>(double[] scanned, double start, double[] order, bool shuffle, ref Xoshiro256.State random)
        where TDrop : struct, IDrop
    {
        double equity = start, peak = start, worst = 0;
        var n = scanned.Length;
        var k = 0;
        if (shuffle)
        {
            // The generator's words in a local of this method, kept in registers; the swap without bounds checks, as
            // NextInt(i + 1) is below i + 1 and i below the length.
            var r = random;
            ref var first = ref MemoryMarshal.GetArrayDataReference(order);
            for (var i = n - 1; i > 0; i--, k++)
            {
                TDrop.Step(scanned[k], ref equity, ref peak, ref worst);
                var j = r.NextInt(i + 1);
                ref var a = ref Unsafe.Add(ref first, i);
                ref var c = ref Unsafe.Add(ref first, j);
                (a, c) = (c, a);
            }

            random = r;
        }

        for (; k < n; k++)
        {
            TDrop.Step(scanned[k], ref equity, ref peak, ref worst);
        }

        return worst;
    }

    // One step of the scan for the deepest fall: Math.Max's definition, with its NaN and signed-zero rules (MathMaxDrop).
    // Where no sum can overflow and no value is NaN, plain comparisons give the very same value (PlainDrop): they differ
    // from Math.Max only on a NaN, and on +0 against -0, which only decides the sign of a zero peak, and the fall from it
    // is the same. Without Math.Max's checks the scan of 2,000 trades takes about half as long.
    private interface IDrop
    {
        static abstract void Step(double x, ref double equity, ref double peak, ref double worst);
    }

    private readonly struct PlainDrop : IDrop
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Step(double x, ref double equity, ref double peak, ref double worst)
        {
            equity += x;
            peak = equity > peak ? equity : peak;
            var drop = peak - equity;
            worst = drop > worst ? drop : worst;
        }
    }

    private readonly struct MathMaxDrop : IDrop
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Step(double x, ref double equity, ref double peak, ref double worst)
        {
            equity += x;
            peak = Math.Max(peak, equity);
            worst = Math.Max(worst, peak - equity);
        }
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
