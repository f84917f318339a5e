using System.Runtime.CompilerServices;

namespace QuantowerRecorder.Analytics.Validation;

/// <summary>
/// Permutation test of "the mean trade PnL is greater than zero" under the null that each trade's PnL is as likely
/// to have had the opposite sign: p = (1 + #{flipped sums ≥ observed sum}) / (samples + 1), one-sided.
/// </summary>
internal static class SignFlipTest
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double PValue(double[] pnl, int samples, Xoshiro256 random)
    {
        var observed = pnl.Sum();
        var atLeast = 0;
        for (var b = 0; b < samples; b++)
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

            if (sum >= observed)
            {
                atLeast++;
            }
        }

        return (1.0 + atLeast) / (samples + 1.0);
    }
}
