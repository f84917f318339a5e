using Dapper;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Replay;

/// <summary>What a rebuild did.</summary>
/// <param name="Events">Raw events read from the source.</param>
/// <param name="Committed">Events that took effect in the target.</param>
/// <param name="Quarantined">Events the target refused (should be none for a file the recorder wrote).</param>
public sealed record ReplayResult(long Events, long Committed, long Quarantined)
{
    /// <summary>Journal entries copied: the journal is not in the event log, so it is copied whole (docs/cli.md, "replay").</summary>
    public long JournalEntries { get; init; }
}

/// <summary>
/// Rebuilds the normalised tables of a file from its raw event log (event sourcing): reads <c>ingest_events</c> in
/// the order they were written and applies them, with their original sequence and arrival time, through the same
/// writer into a new file. A file the recorder wrote rebuilds to identical rows. The journal (notes, tags, pins), which
/// is not in the event log, is copied as it is.
/// </summary>
public static class EventReplayer
{
    /// <summary>Replays <paramref name="sourcePath"/> into a new file at <paramref name="targetPath"/>.</summary>
    public static ReplayResult Rebuild(string sourcePath, string targetPath, TimeProvider? time = null,
        IProgress<(long Done, long Total)>? progress = null, int batchSize = 4096)
    {
        time ??= TimeProvider.System;
        if (File.Exists(targetPath))
        {
            throw new IOException($"{targetPath} already exists; replay writes into a new file.");
        }

        using var source = DatabaseFile.OpenForReading(sourcePath);
        using var target = DatabaseFile.OpenForWriting(targetPath, time);
        using var writer = new BatchWriter(target, time, runLocks: null);
        var total = source.ExecuteScalar<long>("SELECT COUNT(*) FROM ingest_events");
        long events = 0, committed = 0, quarantined = 0;
        var batch = new List<Envelope>(batchSize);
        foreach (var row in source.Query<StoredEvent>(
            "SELECT event_type, payload_json AS payload, sequence, received_utc, run_id, event_utc, source FROM ingest_events ORDER BY id",
            buffered: false))
        {
            var at = Timestamps.Parse(row.EventUtc);
            var received = Timestamps.Parse(row.ReceivedUtc).Ticks;
            if (BarStretch.Is(row.EventType))
            {
                // A stretch of stored bars: its bars again, as the source shows them to this series, one stretch in the
                // target too; the last carries the stretch's last sequence.
                Flush();
                writer.EndBarStretches();
                var bars = BarStretch.Bars(source, row.Payload, row.RunId, at, row.Source);
                for (var i = 0; i < bars.Count; i++)
                {
                    Add(new Envelope(bars[i], i == bars.Count - 1 ? BarStretch.LastSequence(row.Payload) ?? row.Sequence ?? 0 : row.Sequence ?? 0, received));
                }

                Flush();
                continue;
            }

            Add(new Envelope(PayloadJson.DeserializeStored(row.EventType, row.Payload, row.RunId, at, row.Source), row.Sequence ?? 0, received));
        }

        Flush();
        return new ReplayResult(events, committed, quarantined) { JournalEntries = Journal.JournalCopy.Into(source, target) };

        void Add(Envelope envelope)
        {
            batch.Add(envelope);
            events++;
            if (batch.Count == batchSize)
            {
                Flush();
            }
        }

        void Flush()
        {
            if (batch.Count == 0)
            {
                return;
            }

            var outcome = writer.Write(batch);
            committed += outcome.Committed;
            quarantined += outcome.Quarantined;
            batch.Clear();
            progress?.Report((events, total));
        }
    }

    // One row of the raw log, read as it is taken (buffered: false): a file's log may not fit in memory.
    private sealed record StoredEvent(string EventType, string Payload, long? Sequence, string ReceivedUtc, string RunId, string EventUtc, string? Source);
}
