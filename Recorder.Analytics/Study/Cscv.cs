using System.Numerics;
using System.Runtime.InteropServices;

namespace QuantowerRecorder.Analytics.Study;

/// <summary>
/// Combinatorially symmetric cross-validation over a T × N returns matrix cut into S equal partitions of consecutive
/// periods, as the paper cuts it: m = ⌊T/S⌋ periods each, the oldest T − S·m periods left out, so that partition s is
/// periods (T − S·m) + s·m … (T − S·m) + (s+1)·m − 1 and every half holds the same number of periods. Each split takes S/2 partitions in sample and the rest out of sample; the performance is the Sharpe ratio of the
/// sub-sample (mean / sample std of its periods). Sums of returns and of squares per pass are kept for every subset
/// of the first S/2 partitions and of the last S/2 (2 × 2^(S/2) × N of each), so a half's Sharpe ratios cost O(N);
/// a split and its complement (the same two halves, swapped) share them. Single-threaded.
/// </summary>
internal static class Cscv
{
    /// <summary>A sub-sample whose variance is below this share of its mean square has no variation: Sharpe 0.</summary>
    public const double FlatVariance = 1e-12;

    public static (double[] Logits, double[] InSample, double[] OutOfSample) Run(double[][] columns, int partitions, int periodsPerYear)
    {
        var n = columns.Length;
        var (sums, squares, counts) = PartitionSums(columns, partitions);
        var bits = partitions / 2;
        var low = Subsets(sums, squares, counts, 0, bits, n);
        var high = Subsets(sums, squares, counts, bits, bits, n);
        var masks = Masks(partitions);
        var splits = masks.Length;
        var logits = new double[splits];
        var inSample = new double[splits];
        var outOfSample = new double[splits];
        var annual = Math.Sqrt(periodsPerYear);
        double[] sharpeA = new double[n], sharpeB = new double[n];
        var lowMask = (1 << bits) - 1;

        // Masks ascend, so the complement of split i (all bits flipped) is split splits − 1 − i.
        for (var i = 0; i < splits / 2; i++)
        {
            HalfSharpe(low, high, masks[i] & lowMask, masks[i] >> bits, n, sharpeA);
            HalfSharpe(low, high, masks[splits - 1 - i] & lowMask, masks[splits - 1 - i] >> bits, n, sharpeB);
            Evaluate(sharpeA, sharpeB, annual, out logits[i], out inSample[i], out outOfSample[i]);
            Evaluate(sharpeB, sharpeA, annual, out logits[splits - 1 - i], out inSample[splits - 1 - i], out outOfSample[splits - 1 - i]);
        }

        return (logits, inSample, outOfSample);
    }

    /// <summary>Every set of S/2 partitions out of S as a bitmask (bit s = partition s), ascending.</summary>
    public static int[] Masks(int partitions) =>
        Enumerable.Range(0, 1 << partitions).Where(mask => BitOperations.PopCount((uint)mask) == partitions / 2).ToArray();

    /// <summary>Periods per partition: ⌊T/S⌋.</summary>
    public static int BlockSize(int periods, int partitions) => periods / partitions;

    /// <summary>The oldest periods left out so that the partitions are equal: T − S·⌊T/S⌋.</summary>
    public static int LeftOut(int periods, int partitions) => periods - (partitions * BlockSize(periods, partitions));

    /// <summary>
    /// The first period of partition <paramref name="s"/> of <paramref name="partitions"/> over T periods (s = S gives
    /// the end of the last one, T).
    /// </summary>
    public static int PartitionStart(int s, int periods, int partitions) =>
        LeftOut(periods, partitions) + (s * BlockSize(periods, partitions));

    private static (double[] Sums, double[] Squares, int[] Counts) PartitionSums(double[][] columns, int partitions)
    {
        var n = columns.Length;
        var periods = columns[0].Length;
        var sums = new double[partitions * n];
        var squares = new double[partitions * n];
        var counts = new int[partitions];
        for (var p = 0; p < partitions; p++)
        {
            var start = PartitionStart(p, periods, partitions);
            var end = PartitionStart(p + 1, periods, partitions);
            counts[p] = end - start;
            for (var j = 0; j < n; j++)
            {
                double s = 0, q = 0;
                var column = columns[j];
                for (var t = start; t < end; t++)
                {
                    s += column[t];
                    q += column[t] * column[t];
                }

                sums[(p * n) + j] = s;
                squares[(p * n) + j] = q;
            }
        }

        return (sums, squares, counts);
    }

    /// <summary>
    /// Sums of returns and of squares per pass for every subset of the S/2 partitions from <paramref name="first"/>
    /// on (row m·N + j; subset m by bitmask), each built from a smaller one plus one partition. A half is one subset
    /// of the low partitions and one of the high ones, so its sums cost one addition per pass.
    /// </summary>
    private static (double[] Sums, double[] Squares, int[] Counts) Subsets(double[] sums, double[] squares, int[] counts, int first, int bits, int n)
    {
        var size = 1 << bits;
        var subsetSums = new double[size * n];
        var subsetSquares = new double[size * n];
        var subsetCounts = new int[size];
        for (var m = 1; m < size; m++)
        {
            var smaller = m & (m - 1);
            var p = first + BitOperations.TrailingZeroCount(m);
            subsetCounts[m] = subsetCounts[smaller] + counts[p];
            Add(subsetSums.AsSpan(smaller * n, n), sums.AsSpan(p * n, n), subsetSums.AsSpan(m * n, n));
            Add(subsetSquares.AsSpan(smaller * n, n), squares.AsSpan(p * n, n), subsetSquares.AsSpan(m * n, n));
        }

        return (subsetSums, subsetSquares, subsetCounts);
    }

    private static void Add(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> target)
    {
        var av = MemoryMarshal.Cast<double, Vector<double>>(a);
        var bv = MemoryMarshal.Cast<double, Vector<double>>(b);
        var tv = MemoryMarshal.Cast<double, Vector<double>>(target);
        for (var v = 0; v < tv.Length; v++)
        {
            tv[v] = av[v] + bv[v];
        }

        for (var i = tv.Length * Vector<double>.Count; i < target.Length; i++)
        {
            target[i] = a[i] + b[i];
        }
    }

    /// <summary>Each pass's Sharpe ratio over the half made of low subset <paramref name="lo"/> and high subset <paramref name="hi"/>.</summary>
    private static void HalfSharpe(
        (double[] Sums, double[] Squares, int[] Counts) low, (double[] Sums, double[] Squares, int[] Counts) high, int lo, int hi, int n, double[] sharpe)
    {
        var count = low.Counts[lo] + high.Counts[hi];

        // The vector lanes and the scalar tail do the same operations (products with the same reciprocals), so that
        // identical passes get bit-identical ratios wherever they fall: ties must stay ties (mean rank).
        double inverseScalar = 1.0 / count, inverseDfScalar = 1.0 / (count - 1), flatScalar = FlatVariance / count;
        ReadOnlySpan<double> sLow = low.Sums.AsSpan(lo * n, n), sHigh = high.Sums.AsSpan(hi * n, n);
        ReadOnlySpan<double> qLow = low.Squares.AsSpan(lo * n, n), qHigh = high.Squares.AsSpan(hi * n, n);
        var inverse = new Vector<double>(inverseScalar);
        var inverseDf = new Vector<double>(inverseDfScalar);
        var flat = new Vector<double>(flatScalar);
        var sl = MemoryMarshal.Cast<double, Vector<double>>(sLow);
        var sh = MemoryMarshal.Cast<double, Vector<double>>(sHigh);
        var ql = MemoryMarshal.Cast<double, Vector<double>>(qLow);
        var qh = MemoryMarshal.Cast<double, Vector<double>>(qHigh);
        var r = MemoryMarshal.Cast<double, Vector<double>>(sharpe.AsSpan());
        for (var v = 0; v < r.Length; v++)
        {
            var s = sl[v] + sh[v];
            var q = ql[v] + qh[v];
            var mean = s * inverse;
            var variance = (q - (s * mean)) * inverseDf;
            var varies = Vector.GreaterThan(variance, q * flat);
            r[v] = Vector.ConditionalSelect(varies, mean / Vector.SquareRoot(variance), Vector<double>.Zero);
        }

        for (var i = r.Length * Vector<double>.Count; i < n; i++)
        {
            var s = sLow[i] + sHigh[i];
            var q = qLow[i] + qHigh[i];
            var mean = s * inverseScalar;
            var variance = (q - (s * mean)) * inverseDfScalar;
            sharpe[i] = variance > q * flatScalar ? mean / Math.Sqrt(variance) : 0;
        }
    }

    /// <summary>
    /// The pass best in sample (ties: the first in id order), its out-of-sample rank r among the N passes (1 = worst,
    /// tied values share their mean rank), ω = r / (N + 1), λ = ln(ω / (1 − ω)).
    /// </summary>
    private static void Evaluate(double[] inSample, double[] outOfSample, double annual, out double logit, out double chosenIn, out double chosenOut)
    {
        var chosen = 0;
        for (var j = 1; j < inSample.Length; j++)
        {
            if (inSample[j] > inSample[chosen])
            {
                chosen = j;
            }
        }

        var value = outOfSample[chosen];
        var target = new Vector<double>(value);
        Vector<long> belowLanes = Vector<long>.Zero, equalLanes = Vector<long>.Zero;
        var o = MemoryMarshal.Cast<double, Vector<double>>(outOfSample.AsSpan());
        for (var v = 0; v < o.Length; v++)
        {
            // A true lane is −1.
            belowLanes -= Vector.LessThan(o[v], target);
            equalLanes -= Vector.Equals(o[v], target);
        }

        long below = Vector.Sum(belowLanes), equal = Vector.Sum(equalLanes);
        for (var i = o.Length * Vector<double>.Count; i < outOfSample.Length; i++)
        {
            below += outOfSample[i] < value ? 1 : 0;
            equal += outOfSample[i] == value ? 1 : 0;
        }

        var omega = (below + ((equal + 1) / 2.0)) / (outOfSample.Length + 1);
        logit = Math.Log(omega / (1 - omega));
        chosenIn = inSample[chosen] * annual;
        chosenOut = value * annual;
    }
}
