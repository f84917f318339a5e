using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Where events wait when the memory budget is spent and the database cannot take them (disk full, read-only, a lock
/// held for minutes): a first-in first-out list of JSON lines on disk, <c>&lt;db&gt;.spill</c>, or in the temp folder
/// when that disk is full too, or in memory when no disk can take them. The writer appends at the tail, reads a batch
/// from the head, and consumes it once committed; a file is deleted once it is consumed to its end. A spill file found
/// when a file is opened (the process died while it held events), or an earlier version's <c>&lt;db&gt;.journal</c>, is
/// read first. Only the writer's thread uses it.
/// One line per event (<see cref="SpillFileLines"/>).
/// </summary>
internal sealed class SpillFile
{
    private readonly string[] locations;
    private readonly LinkedList<Segment> segments = new();
    private readonly List<Envelope> memory = [];
    private int memoryHead;
    private int appendTo;
    private (Segment? Segment, long Offset, int MemoryHead) readEnd;

    public SpillFile(string databasePath)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(databasePath)))[..16];
        string[] Places(string suffix) => [databasePath + suffix, Path.Combine(Path.GetTempPath(), "QuantowerRecorder", hash + suffix)];
        locations = Places(".spill");

        // An earlier version named the same files ".journal": whatever it left is older than anything here, so it is read
        // first. It is only read back and deleted, never appended to.
        foreach (var path in Places(".journal").SelectMany(place => new[] { place + ".reading", place }).Where(File.Exists))
        {
            segments.AddLast(new Segment(path));
        }

        // Files an earlier process left, in the order it wrote them (".reading": set aside by an older version).
        for (var i = 0; i < locations.Length; i++)
        {
            foreach (var path in new[] { locations[i] + ".reading", locations[i] })
            {
                if (File.Exists(path))
                {
                    segments.AddLast(new Segment(path));
                    appendTo = i;
                }
            }
        }
    }

    /// <summary>Events appended (or found at open) and not consumed yet.</summary>
    public long Pending { get; private set; }

    /// <summary>Whether anything waits to be read back.</summary>
    public bool HasEvents => segments.Count > 0 || memoryHead < memory.Count;

    /// <summary>Events no disk could take, kept in memory: lost if the writer stops before writing them.</summary>
    public IReadOnlyList<Envelope> InMemory => memory.GetRange(memoryHead, memory.Count - memoryHead);

    /// <summary>The file it appends to now.</summary>
    public string Location => locations[Math.Min(appendTo, locations.Length - 1)];

    /// <summary>
    /// At open, what an earlier process left: how many events, the highest sequence of each run (this process numbers
    /// its runs' new events after them), the runs whose end is among them, and lines a crash cut.
    /// </summary>
    public Recovered Recover()
    {
        var recovered = new Recovered();
        foreach (var segment in segments)
        {
            foreach (var (line, _) in SpillFileLines.Read(segment.Path, 0))
            {
                if (line is not { } text || SpillFileLines.TryParse(text) is not { } envelope)
                {
                    recovered.Unreadable++;
                    continue;
                }

                recovered.Events++;
                var runId = envelope.Event.RunId ?? string.Empty;
                recovered.HighestSequence[runId] = Math.Max(recovered.HighestSequence.GetValueOrDefault(runId), envelope.Sequence);
                if (envelope.Event is RunEnded)
                {
                    recovered.Ended.Add(runId);
                }
            }
        }

        Pending = recovered.Events;
        return recovered;
    }

    /// <summary>
    /// Appends events in order. True when a file took them; false when no disk could, and they are kept in memory at
    /// the spill file's tail (lost if the process ends before they are written).
    /// </summary>
    public bool Append(IReadOnlyList<Envelope> events)
    {
        if (events.Count == 0)
        {
            return true;
        }

        Pending += events.Count;
        if (memoryHead < memory.Count)
        {
            // Something is in memory already: what follows it must come after it.
            memory.AddRange(events);
            return false;
        }

        var text = new StringBuilder();
        foreach (var e in events)
        {
            text.Append(SpillFileLines.Format(e)).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        for (; appendTo < locations.Length; appendTo++)
        {
            var path = locations[appendTo];
            try
            {
                DurableFile.CreateFolder(Path.GetDirectoryName(path)!);
                var created = !File.Exists(path);
                using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
                {
                    stream.Write(bytes);
                    stream.Flush(flushToDisk: true);
                }

                if (created)
                {
                    // The events are safe only once the file's name is on the disk too.
                    DurableFile.SyncFolderOf(path);
                }

                if (segments.Last?.Value.Path != path)
                {
                    segments.AddLast(new Segment(path));
                }

                return true;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // That disk is full or read-only too: the next place. A place that failed is not used again until
                // everything is read back, so reading the places in order keeps the order.
            }
        }

        memory.AddRange(events);
        return false;
    }

    /// <summary>
    /// Reads events from the head into <paramref name="into"/>, oldest first, at most <paramref name="max"/> and about
    /// <paramref name="maxBytes"/>, without consuming them: <see cref="Consume"/> does once they are committed. Returns
    /// their estimated bytes; lines a crash cut are counted in <paramref name="unreadable"/> and skipped.
    /// </summary>
    public long Read(List<Envelope> into, int max, long maxBytes, out int unreadable)
    {
        unreadable = 0;
        long bytes = 0;
        var node = segments.First;
        var offset = node?.Value.Offset ?? 0;
        while (node is not null && into.Count < max && bytes < maxBytes)
        {
            var full = true;
            foreach (var (line, end) in SpillFileLines.Read(node.Value.Path, offset))
            {
                offset = end;
                if (line is null || SpillFileLines.TryParse(line) is not { } envelope)
                {
                    unreadable++;
                    continue;
                }

                into.Add(envelope);
                bytes += EventSize.Estimate(envelope.Event);
                if (into.Count >= max || bytes >= maxBytes)
                {
                    full = false;
                    break;
                }
            }

            if (!full)
            {
                break;
            }

            if (node.Next is null)
            {
                break;
            }

            node = node.Next;
            offset = node.Value.Offset;
        }

        var head = memoryHead;
        if (into.Count < max && bytes < maxBytes && (node is null || node.Next is null))
        {
            while (head < memory.Count && into.Count < max && bytes < maxBytes)
            {
                into.Add(memory[head]);
                bytes += EventSize.Estimate(memory[head].Event);
                head++;
            }
        }

        readEnd = (node?.Value, offset, head);
        return bytes;
    }

    /// <summary>What the last <see cref="Read"/> gave is committed: the head moves past it, and files read to their end go.</summary>
    public void Consume(int count)
    {
        Pending = Math.Max(0, Pending - count);
        var (last, offset, head) = readEnd;
        // The files before the one the read ended in were read to their end; files appended since lie after it.
        while (last is not null && segments.First is { } first)
        {
            if (!ReferenceEquals(first.Value, last))
            {
                SpillFileLines.Delete(first.Value.Path);
                segments.RemoveFirst();
                continue;
            }

            first.Value.Offset = offset;
            if (offset >= SpillFileLines.Length(first.Value.Path))
            {
                SpillFileLines.Delete(first.Value.Path);
                segments.RemoveFirst();
            }

            break;
        }

        memoryHead = head;
        if (memoryHead >= memory.Count)
        {
            memory.Clear();
            memoryHead = 0;
        }

        readEnd = default;
        if (!HasEvents)
        {
            appendTo = 0;
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Pending} event(s) in {Location}");

    /// <summary>What an earlier process left in the spill file (<see cref="Recover"/>).</summary>
    internal sealed class Recovered
    {
        public long Events { get; set; }

        public int Unreadable { get; set; }

        public Dictionary<string, long> HighestSequence { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Ended { get; } = new(StringComparer.Ordinal);
    }

    private sealed class Segment(string path)
    {
        public string Path { get; } = path;

        public long Offset { get; set; }
    }
}
