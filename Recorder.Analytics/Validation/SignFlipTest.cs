namespace QuantowerRecorder.Analytics.Validation;

/// <summary>
/// Permutation test of "the mean trade PnL is greater than zero" under the null that each trade's PnL is as likely
/// to have had the opposite sign: p = (1 + #{flipped sums ≥ observed sum}) / (samples + 1), one-sided.
/// </summary>
internal static class SignFlipTest
{
    public static double PValue(IReadOnlyList<double> pnl, int samples, Xoshiro256 random)
    {
        var observed = 0.0;
        foreach (var x in pnl)
        {
            observed += x;
        }

        var atLeast = 0;
        for (var b = 0; b < samples; b++)
        {
            var sum = 0.0;
            ulong bits = 0;
            for (var i = 0; i < pnl.Count; i++)
            {
                if ((i & 63) == 0)
                {
                    bits = random.NextUInt64();
                }

                sum += (bits & 1) == 1 ? pnl[i] : -pnl[i];
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
