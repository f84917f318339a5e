using QuantowerRecorder.Storage.Ingest;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Cli.Import;

/// <summary>
/// Appends the events of a JSON-lines file through <see cref="RecorderSession"/>, so they are validated,
/// deduplicated and quarantined exactly like live ones, waiting for the writer where live ones would give way. Lines that
/// are not events are skipped and reported.
/// </summary>
internal static class EventImporter
{
    public static ImportResult Import(string eventsPath, string databasePath, RecorderOptions options, IProgress<(long Done, long Total)> progress)
    {
        var skipped = new List<(long, string)>();
        long lines = 0, events = 0;
        using var stream = new FileStream(eventsPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var session = RecorderSession.Open(databasePath, options);
        var before = session.Counters;
        // Lines as bytes: invalid UTF-8 is refused with its field, as the server's ingest refuses it.
        foreach (var line in ByteLines.Of(stream))
        {
            lines++;
            if (ByteLines.IsBlank(line.Span))
            {
                continue;
            }

            var read = EventLine.Read(line);
            if (read.Event is not { } e)
            {
                skipped.Add((lines, read.Error!));
                continue;
            }

            // A file waits for the writer: none of its bars gives way to the memory budget, whatever its runs' source.
            session.RecordWaiting(e);
            events++;
            if (lines % 1000 == 0)
            {
                progress.Report((stream.Position, stream.Length));
            }
        }

        var flushed = session.Close(TimeSpan.FromMinutes(5));
        if (!flushed.Completed)
        {
            throw new CliException($"The recorder could not write every event: {flushed.Message}", ExitCodes.Database);
        }

        progress.Report((stream.Length, stream.Length));
        var after = session.Counters;
        return new ImportResult(lines, events, after.Committed - before.Committed, after.Duplicates - before.Duplicates,
            after.Coalesced - before.Coalesced, after.Quarantined - before.Quarantined, skipped);
    }
}
