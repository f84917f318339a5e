namespace QuantowerRecorder.Storage.Ingest;

/// <summary>
/// Splits UTF-8 text into lines as bytes, before any decoding, so invalid UTF-8 reaches <see cref="EventLine"/> as it
/// came and is refused there with its field on every way in, instead of being quietly replaced with U+FFFD by a
/// decoder. Lines end at '\n' (a '\r' before it is dropped); a leading byte-order mark is skipped.
/// </summary>
public static class ByteLines
{
    /// <summary>The lines of a body held in memory, each a slice of it.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Of(ReadOnlyMemory<byte> text)
    {
        var rest = text.Span.StartsWith("\uFEFF"u8) ? text[3..] : text;
        while (rest.Length > 0)
        {
            var end = rest.Span.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            yield return line.Span.EndsWith("\r"u8) ? line[..^1] : line;
            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
        }
    }

    /// <summary>The lines of a stream read to its end; each line is a fresh copy.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Of(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[64 * 1024];
        var line = new MemoryStream();
        var first = true;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            if (first && read >= 3 && buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8))
            {
                start = 3;
            }

            first = false;
            for (var i = start; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }

                line.Write(buffer, start, i - start);
                yield return Taken(line);
                start = i + 1;
            }

            line.Write(buffer, start, read - start);
        }

        if (line.Length > 0)
        {
            yield return Taken(line);
        }
    }

    /// <summary>Whether the line holds only spaces, tabs and line-end characters (a blank line is no event).</summary>
    public static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim(" \t\r"u8).IsEmpty;

    private static ReadOnlyMemory<byte> Taken(MemoryStream line)
    {
        var bytes = line.ToArray();
        line.SetLength(0);
        return bytes.AsSpan().EndsWith("\r"u8) ? bytes.AsMemory(0, bytes.Length - 1) : bytes;
    }
}
