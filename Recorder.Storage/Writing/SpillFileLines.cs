using System.Text;
using System.Text.Json;
using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The lines of the writer's spill files (<see cref="SpillFile"/>, <c>&lt;db&gt;.spill</c>): one line per event,
/// <c>{"type":…,"sequence":…,"received":…,"payload":…}</c>, the payload as in ingest_events, read back from a byte
/// offset; a line a crash cut in mid-append comes back as unreadable, never as an event.
/// </summary>
internal static class SpillFileLines
{
    /// <summary>One event as a line (without its newline).</summary>
    public static string Format(Envelope e) => CanonicalJson.Written(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("type", e.Event.EventType);
        writer.WriteNumber("sequence", e.Sequence);
        writer.WriteNumber("received", e.ReceivedTicks);
        writer.WriteString("payload", PayloadJson.SerializeEvent(e.Event));
        writer.WriteEndObject();
    });

    /// <summary>The event a line holds, or null when it is not one (a damaged line).</summary>
    public static Envelope? TryParse(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var e = PayloadJson.Deserialize(root.GetProperty("type").GetString()!, root.GetProperty("payload").GetString()!);
            return new Envelope(e, root.GetProperty("sequence").GetInt64(), root.GetProperty("received").GetInt64());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    // The file's lines from a byte offset, each with the offset after it; a last line without its newline (cut by a
    // crash in mid-append) comes as null. Empty lines are skipped.
    public static IEnumerable<(string? Line, long End)> Read(string path, long offset)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            yield break;
        }

        using (stream)
        {
            stream.Seek(offset, SeekOrigin.Begin);
            var line = new MemoryStream();
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                var start = 0;
                for (var i = 0; i < read; i++)
                {
                    if (buffer[i] != (byte)'\n')
                    {
                        continue;
                    }

                    line.Write(buffer, start, i - start);
                    offset += line.Length + 1;
                    if (line.Length > 0)
                    {
                        yield return (Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length), offset);
                    }

                    line.SetLength(0);
                    start = i + 1;
                }

                line.Write(buffer, start, read - start);
            }

            if (line.Length > 0)
            {
                yield return (null, offset + line.Length);
            }
        }
    }

    /// <summary>A file's length; the largest length when it cannot be read (it is then never taken as consumed).</summary>
    public static long Length(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return long.MaxValue;
        }
    }

    /// <summary>
    /// Deletes a consumed file (its events' commit is synced: DurableCommits); one that cannot be deleted is left for
    /// the next open.
    /// </summary>
    public static void Delete(string path)
    {
        try
        {
            DurableFile.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next open to read back: its events are then repeats, which change nothing.
        }
    }
}
