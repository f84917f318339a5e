using System.Numerics;
using System.Runtime.CompilerServices;

namespace QuantowerRecorder.Analytics.Validation;

/// <summary>
/// xoshiro256** (Blackman and Vigna), seeded through SplitMix64. Integer arithmetic only, so a seed gives the same
/// sequence on every platform and runtime, which <see cref="Random"/> does not promise.
/// </summary>
internal sealed class Xoshiro256
{
    private State state;

    public Xoshiro256(ulong seed)
    {
        var x = seed;
        this.state = new State(SplitMix(ref x), SplitMix(ref x), SplitMix(ref x), SplitMix(ref x));
    }

    public ulong NextUInt64() => this.state.NextUInt64();

    /// <summary>Uniform in [0, n) without modulo bias (Lemire's multiply-and-reject).</summary>
    public int NextInt(int n) => this.state.NextInt(n);

    /// <summary>
    /// Draws through <paramref name="draw"/> on a copy of the generator's state held in a local, which the JIT keeps in
    /// registers (a field of this object is loaded and stored at every draw); the state is put back after. The same
    /// sequence as drawing from the generator itself.
    /// </summary>
    public T Drawing<T>(DrawWith<T> draw)
    {
        var local = this.state;
        try
        {
            return draw(ref local);
        }
        finally
        {
            this.state = local;
        }
    }

    /// <summary>What <see cref="Drawing{T}"/> runs, given the generator's state to draw from.</summary>
    public delegate T DrawWith<out T>(ref State random);

    private static ulong SplitMix(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The generator's four words and its steps, as a value (see <see cref="Drawing{T}"/>).</summary>
    internal struct State(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        private ulong s0 = s0;
        private ulong s1 = s1;
        private ulong s2 = s2;
        private ulong s3 = s3;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
    }
}
