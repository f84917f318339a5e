using System.Numerics;

namespace QuantowerRecorder.Analytics.Validation;

/// <summary>
/// xoshiro256** (Blackman and Vigna), seeded through SplitMix64. Integer arithmetic only, so a seed gives the same
/// sequence on every platform and runtime, which <see cref="Random"/> does not promise.
/// </summary>
internal sealed class Xoshiro256
{
    private ulong s0;
    private ulong s1;
    private ulong s2;
    private ulong s3;

    public Xoshiro256(ulong seed)
    {
        var x = seed;
        this.s0 = SplitMix(ref x);
        this.s1 = SplitMix(ref x);
        this.s2 = SplitMix(ref x);
        this.s3 = SplitMix(ref x);
    }

    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(this.s1 * 5, 7) * 9;
        var t = this.s1 << 17;
        this.s2 ^= this.s0;
        this.s3 ^= this.s1;
        this.s1 ^= this.s2;
        this.s0 ^= this.s3;
        this.s2 ^= t;
        this.s3 = BitOperations.RotateLeft(this.s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, n) without modulo bias (Lemire's multiply-and-reject).</summary>
    public int NextInt(int n)
    {
        var bound = (ulong)n;
        var high = Math.BigMul(NextUInt64(), bound, out var low);
        if (low < bound)
        {
            var threshold = (0 - bound) % bound;
            while (low < threshold)
            {
                high = Math.BigMul(NextUInt64(), bound, out low);
            }
        }

        return (int)high;
    }

    private static ulong SplitMix(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
