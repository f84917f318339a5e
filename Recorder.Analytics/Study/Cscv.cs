using System.Numerics;
using System.Runtime.InteropServices;

namespace QuantowerRecorder.Analytics.Study;

/// <summary>
/// Combinatorially symmetric cross-validation over a T × N returns matrix cut into S partitions of consecutive
/// periods (partition s = periods ⌊sT/S⌋ … ⌊(s+1)T/S⌋ − 1, so sizes differ by at most one and every period is used).
/// Each split takes S/2 partitions in sample and the rest out of sample; the performance is the Sharpe ratio of the
/// sub-sample (mean / sample std of its periods). Per-partition sums of returns and of squares make a split's Sharpe
/// ratios O(N S), and a split and its complement (the same two halves, swapped) share them. Single-threaded.
/// </summary>
internal static class Cscv
{
    /// <summary>A sub-sample whose variance is below this share of its mean square has no variation: Sharpe 0.</summary>
    public const double FlatVariance = 1e-12;

    public static (double[] Logits, double[] InSample, double[] OutOfSample) Run(double[][] columns, int partitions, int periodsPerYear)
    {
        var n = columns.Length;
        var periods = columns[0].Length;
        var (sums, squares, counts) = PartitionSums(columns, partitions);
        var masks = Masks(partitions);
        var splits = masks.Length;
        var logits = new double[splits];
        var inSample = new double[splits];
        var outOfSample = new double[splits];
        var annual = Math.Sqrt(periodsPerYear);
        double[] sumA = new double[n], sqA = new double[n], sumB = new double[n], sqB = new double[n];
        double[] sharpeA = new double[n], sharpeB = new double[n];

        // Masks ascend, so the complement of split i (all bits flipped) is split splits − 1 − i.
        for (var i = 0; i < splits / 2; i++)
        {
            var countA = Accumulate(sums, squares, counts, n, masks[i], sumA, sqA);
            Accumulate(sums, squares, counts, n, masks[splits - 1 - i], sumB, sqB);
            Sharpe(sumA, sqA, countA, sharpeA);
            Sharpe(sumB, sqB, periods - countA, sharpeB);
            Evaluate(sharpeA, sharpeB, annual, out logits[i], out inSample[i], out outOfSample[i]);
            Evaluate(sharpeB, sharpeA, annual, out logits[splits - 1 - i], out inSample[splits - 1 - i], out outOfSample[splits - 1 - i]);
        }

        return (logits, inSample, outOfSample);
    }

    /// <summary>Every set of S/2 partitions out of S as a bitmask (bit s = partition s), ascending.</summary>
    public static int[] Masks(int partitions)
    {
        var masks = new List<int>();
        for (var mask = 0; mask < 1 << partitions; mask++)
        {
            if (BitOperations.PopCount((uint)mask) == partitions / 2)
            {
                masks.Add(mask);
            }
        }

        return [.. masks];
    }

    /// <summary>The first period of partition <paramref name="s"/> of <paramref name="partitions"/> over T periods.</summary>
    public static int PartitionStart(int s, int periods, int partitions) => (int)((long)s * periods / partitions);

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

    private static int Accumulate(double[] sums, double[] squares, int[] counts, int n, int mask, double[] sum, double[] square)
    {
        Array.Clear(sum);
        Array.Clear(square);
        var count = 0;
        for (var p = 0; p < counts.Length; p++)
        {
            if (((mask >> p) & 1) != 0)
            {
                Add(sum, sums.AsSpan(p * n, n));
                Add(square, squares.AsSpan(p * n, n));
                count += counts[p];
            }
        }

        return count;
    }

    private static void Add(Span<double> target, ReadOnlySpan<double> row)
    {
        var t = MemoryMarshal.Cast<double, Vector<double>>(target);
        var r = MemoryMarshal.Cast<double, Vector<double>>(row);
        for (var v = 0; v < t.Length; v++)
        {
            t[v] += r[v];
        }

        for (var i = t.Length * Vector<double>.Count; i < target.Length; i++)
        {
            target[i] += row[i];
        }
    }

    private static void Sharpe(ReadOnlySpan<double> sum, ReadOnlySpan<double> square, int count, Span<double> sharpe)
    {
        var inverse = new Vector<double>(1.0 / count);
        var inverseDf = new Vector<double>(1.0 / (count - 1));
        var flat = new Vector<double>(FlatVariance / count);
        var s = MemoryMarshal.Cast<double, Vector<double>>(sum);
        var q = MemoryMarshal.Cast<double, Vector<double>>(square);
        var r = MemoryMarshal.Cast<double, Vector<double>>(sharpe);
        for (var v = 0; v < r.Length; v++)
        {
            var mean = s[v] * inverse;
            var variance = (q[v] - (s[v] * mean)) * inverseDf;
            var varies = Vector.GreaterThan(variance, q[v] * flat);
            r[v] = Vector.ConditionalSelect(varies, mean / Vector.SquareRoot(variance), Vector<double>.Zero);
        }

        for (var i = r.Length * Vector<double>.Count; i < sharpe.Length; i++)
        {
            var mean = sum[i] / count;
            var variance = (square[i] - (sum[i] * mean)) / (count - 1);
            sharpe[i] = variance > square[i] * FlatVariance / count ? mean / Math.Sqrt(variance) : 0;
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
        int below = 0, equal = 0;
        foreach (var x in outOfSample)
        {
            below += x < value ? 1 : 0;
            equal += x == value ? 1 : 0;
        }

        var omega = (below + ((equal + 1) / 2.0)) / (outOfSample.Length + 1);
        logit = Math.Log(omega / (1 - omega));
        chosenIn = inSample[chosen] * annual;
        chosenOut = value * annual;
    }
}
