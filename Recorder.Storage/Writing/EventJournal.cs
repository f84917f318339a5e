using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using QuantowerRecorder.Storage.Identity;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Where trading events go when the memory budget is spent and the database cannot take them (disk full, read-only,
/// a lock held for minutes): an append-only file of JSON lines beside the database, <c>&lt;db&gt;.journal</c>, or in
/// the temp folder when that disk is full too. The writer reads it back, in order, once it can write again, then
/// deletes it. A journal found when a file is opened (the process died while it held events) is read back first.
/// One line per event: <c>{"type":…,"sequence":…,"received":…,"payload":…}</c>, the payload as in ingest_events.
/// </summary>
internal sealed class EventJournal
{
    private readonly string[] locations;
    private int current;

    public EventJournal(string databasePath)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(databasePath)))[..16];
        locations =
        [
            databasePath + ".journal",
            Path.Combine(Path.GetTempPath(), "QuantowerRecorder", hash + ".journal"),
        ];
    }

    /// <summary>Events appended and not yet taken back.</summary>
    public long Pending { get; private set; }

    /// <summary>Whether any journal file, current or being read back, is on disk.</summary>
    public bool Exists => locations.Any(p => File.Exists(p) || File.Exists(p + ".reading"));

    /// <summary>
    /// Appends events in order. False when no location can be written: the caller keeps them in memory. A location
    /// that failed is not used again before the journal is read back, so reading the locations in order keeps order.
    /// </summary>
    public bool Append(IReadOnlyList<Envelope> events)
    {
        if (events.Count == 0)
        {
            return true;
        }

        var text = new StringBuilder();
        foreach (var e in events)
        {
            text.Append(Line(e)).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        for (; current < locations.Length; current++)
        {
            try
            {
                var path = locations[current];
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
                Pending += events.Count;
                return true;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // That disk is full or read-only too: the next place.
            }
        }

        current = locations.Length - 1;
        return false;
    }

    /// <summary>
    /// Takes every journaled event back, oldest first, and sets the files aside (<c>.reading</c>) so that new spills
    /// start new files; <see cref="DoneReading"/> deletes them once the events are committed.
    /// </summary>
    public List<Envelope> TakeBack(out int unreadable)
    {
        unreadable = 0;
        var events = new List<Envelope>();
        foreach (var path in locations)
        {
            var reading = path + ".reading";
            if (File.Exists(path) && !File.Exists(reading))
            {
                File.Move(path, reading);
            }

            // A current file that could not be set aside (an earlier read back not yet finished) waits for the next.
            if (File.Exists(reading))
            {
                foreach (var line in File.ReadLines(reading))
                {
                    if (line.Length == 0)
                    {
                        continue;
                    }

                    if (TryParse(line) is { } envelope)
                    {
                        events.Add(envelope);
                    }
                    else
                    {
                        // Only a line cut by a crash in mid-append can be unreadable: the last of a file.
                        unreadable++;
                    }
                }
            }
        }

        Pending = 0;
        current = 0;
        return events;
    }

    /// <summary>The events taken back are in the database: their files go.</summary>
    public void DoneReading()
    {
        foreach (var path in locations)
        {
            try
            {
                File.Delete(path + ".reading");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Left for the next open to read back: its events are then repeats, which change nothing.
            }
        }
    }

    private static string Line(Envelope e) => CanonicalJson.Written(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("type", e.Event.EventType);
        writer.WriteNumber("sequence", e.Sequence);
        writer.WriteNumber("received", e.ReceivedTicks);
        writer.WriteString("payload", PayloadJson.SerializeEvent(e.Event));
        writer.WriteEndObject();
    });

    private static Envelope? TryParse(string line)
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

    /// <summary>The file the journal appends to now.</summary>
    public string Location => locations[Math.Min(current, locations.Length - 1)];

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Pending} event(s) in {Location}");
}
