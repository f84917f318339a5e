using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace QuantowerRecorder.Analytics.Validation;

/// <summary>
/// Permutation test of "the mean trade PnL is greater than zero" under the null that each trade's PnL is as likely
/// to have had the opposite sign: p = (1 + #{flipped sums ≥ observed sum}) / (samples + 1), one-sided.
/// </summary>
/// <remarks>
/// Sample b flips trade i by bit i mod 64 of the generator's (b·W + i / 64)-th word, W = ⌈trades / 64⌉. Where the
/// processor adds four doubles at once, four samples are summed side by side, one to a lane (<see cref="Lanes"/>): each
/// lane adds its trades one after another in the same order as one sample alone, so every sum, and the p-value, is the
/// same to the bit; only the four sums' additions, which depend each on the one before, no longer wait on each other.
/// </remarks>
internal static class SignFlipTest
{
    public static double PValue(double[] pnl, int samples, Xoshiro256 random) =>
        PValue(pnl, samples, random, Vector256.IsHardwareAccelerated);

    /// <summary>With <paramref name="lanes"/> false, every sample alone (tests compare the two ways).</summary>
    internal static double PValue(double[] pnl, int samples, Xoshiro256 random, bool lanes)
    {
        var observed = pnl.Sum();
        var atLeast = 0;
        var b = 0;
        if (lanes && pnl.Length > 0)
        {
            var words = new ulong[Lanes * WordsPer(pnl.Length)];
            for (; b + Lanes <= samples; b += Lanes)
            {
                atLeast += Four(pnl, observed, words, random);
            }
        }

        for (; b < samples; b++)
        {
            atLeast += One(pnl, observed, random);
        }

        return (1.0 + atLeast) / (samples + 1.0);
    }

    private const int Lanes = 4;

    private static int WordsPer(int trades) => (trades + 63) / 64;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int One(double[] pnl, double observed, Xoshiro256 random)
    {
        var sum = 0.0;
        ulong bits = 0;
        for (var i = 0; i < pnl.Length; i++)
        {
            if ((i & 63) == 0)
            {
                bits = random.NextUInt64();
            }

            // A clear bit negates (the sign bit flipped, exactly what unary minus does) without a branch: the
            // bits are random, so a branch here is mispredicted half the time.
            sum += BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(pnl[i]) ^ (long)((~bits & 1) << 63));
            bits >>= 1;
        }

        return sum >= observed ? 1 : 0;
    }

    // Four samples, one to a lane: their words drawn first, in the order the samples alone would draw them.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Four(double[] pnl, double observed, ulong[] words, Xoshiro256 random)
    {
        for (var w = 0; w < words.Length; w++)
        {
            words[w] = random.NextUInt64();
        }

        var perSample = words.Length / Lanes;
        var one = Vector256<ulong>.One;
        var sums = Vector256<double>.Zero;
        var bits = Vector256<ulong>.Zero;
        for (var i = 0; i < pnl.Length; i++)
        {
            if ((i & 63) == 0)
            {
                var w = i >> 6;
                bits = Vector256.Create(words[w], words[perSample + w], words[(2 * perSample) + w], words[(3 * perSample) + w]);
            }

            var flip = Vector256.ShiftLeft(Vector256.AndNot(one, bits), 63);
            sums += (Vector256.Create(pnl[i]).AsUInt64() ^ flip).AsDouble();
            bits = Vector256.ShiftRightLogical(bits, 1);
        }

        var atLeast = Vector256.GreaterThanOrEqual(sums, Vector256.Create(observed));
        return System.Numerics.BitOperations.PopCount(atLeast.ExtractMostSignificantBits());
    }
}
