namespace QuantowerRecorder.Tests.Support;

/// <summary>The byte-level damage the fuzz tests do to an event line.</summary>
internal static class LineMutations
{
    /// <summary>The line cut short at a random byte.</summary>
    public static byte[] Cut(byte[] line, Random random) => line[..random.Next(line.Length)];

    /// <summary>One random byte of the line changed.</summary>
    public static byte[] Flip(byte[] line, Random random)
    {
        var flipped = (byte[])line.Clone();
        flipped[random.Next(flipped.Length)] ^= (byte)(1 + random.Next(255));
        return flipped;
    }
}
