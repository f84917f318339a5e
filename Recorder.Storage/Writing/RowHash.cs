using System.Buffers.Binary;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// A 64-bit hash of a row's values, as <see cref="RawStatement"/> is given them: each value hashed with its kind (a
/// number by its bits, a text by its UTF-16 code units), then the values in parameter order. It lives only in memory, within one
/// process (what the writer stored last, <see cref="Analysis.StoredRows"/>), so it needs no stability across versions,
/// only few collisions: every step is a bijective 64-bit mix (MurmurHash3's finaliser).
/// </summary>
internal static class RowHash
{
    public const ulong Null = 0x6A09E667F3BCC909UL;

    private const ulong TextSeed = 0xBB67AE8584CAA73BUL;

    public static ulong Start(int values) => Mix(0x3C6EF372FE94F82BUL ^ (ulong)values);

    public static ulong Add(ulong row, ulong value) => Mix(row ^ value) + 0x9E3779B97F4A7C15UL;

    public static ulong Number(byte kind, long bits) => Mix((ulong)bits ^ Mix((ulong)kind + 1));

    /// <summary>A text by its UTF-16 code units.</summary>
    public static ulong Chars(string text) => Bytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(text.AsSpan()));

    public static ulong Bytes(ReadOnlySpan<byte> bytes)
    {
        var h = Mix(TextSeed ^ (ulong)bytes.Length);
        while (bytes.Length >= 8)
        {
            h = Mix(h ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes)) + 0x9E3779B97F4A7C15UL;
            bytes = bytes[8..];
        }

        ulong tail = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            tail |= (ulong)bytes[i] << (8 * i);
        }

        return Mix(h ^ tail ^ 0x80UL << 56);
    }

    private static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        x *= 0xC4CEB9FE1A85EC53UL;
        return x ^ (x >> 33);
    }
}
