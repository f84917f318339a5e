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
        using var writer = new BatchWriter(target, time, runLocks: null, copies: true);
        var total = RawLogCopy.Count(source);
        var copy = new RawLogCopy(writer, writer.Write, batchSize);
        copy.From(source, rows => progress?.Report((rows, total)));
        return new ReplayResult(copy.Events, copy.Outcome.Committed, copy.Outcome.Quarantined) { JournalEntries = Journal.JournalCopy.Into(source, target) };
    }
}
