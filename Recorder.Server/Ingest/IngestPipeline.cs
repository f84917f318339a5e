using System.Collections.Concurrent;
using QuantowerRecorder.Storage.Ingest;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Server.Ingest;

/// <summary>
/// From request text to <see cref="RecorderSession.Record"/>: reads events by the import format's rules (Storage's <see cref="EventLine"/>), refuses what
/// cannot be stored with the field and reason, and hands the rest to the same session the plugin would use, so an
/// HTTP event and a plugin event are stored identically.
/// </summary>
internal sealed class IngestPipeline(Task<RecorderSession> opening, string databasePath)
{
    // Runs known to exist: in the file, or started through this server (its RUN_STARTED may still be queued).
    private readonly ConcurrentDictionary<string, byte> knownRuns = new(StringComparer.Ordinal);

    // Opened while the server starts; the server takes no request before it is open.
    public RecorderSession Session => opening.Result;

    /// <summary>
    /// One event: a single-event body (<paramref name="eventType"/> is the path's) or a batch line (null), read by
    /// <see cref="EventLine"/> exactly as `recorder import` reads a line, then the numbers a client can still fix.
    /// </summary>
    public EventLineResult Read(ReadOnlyMemory<byte> line, string? eventType)
    {
        var read = EventLine.Read(line, eventType);
        if (read.Event is not { } e)
        {
            return read;
        }

        if (RequiredNumbers.Check(e) is { } wrong)
        {
            return new EventLineResult(null, wrong.Field, wrong.Reason);
        }

        return string.IsNullOrWhiteSpace(e.RunId) ? new EventLineResult(null, "run_id", "missing") : read;
    }

    /// <summary>Whether the event's run exists, or is started by an earlier event of the same request.</summary>
    public bool RunIsKnown(RecorderEvent e, ISet<string> startedHere)
    {
        if (IngestKinds.NeedsNoRun(e) || startedHere.Contains(e.RunId) || knownRuns.ContainsKey(e.RunId))
        {
            return true;
        }

        using var store = RecorderStore.OpenRead(databasePath);
        if (store.Runs.Get(e.RunId) is not null)
        {
            knownRuns.TryAdd(e.RunId, 0);
            return true;
        }

        return false;
    }

    /// <summary>Queues the events; how many gave way (only bar and progress updates do, under memory pressure).</summary>
    public int Record(IEnumerable<RecorderEvent> events)
    {
        var gaveWay = 0;
        foreach (var e in events)
        {
            if (e is RunStarted)
            {
                knownRuns.TryAdd(e.RunId, 0);
            }

            if (!Session.Record(e))
            {
                gaveWay++;
            }
        }

        return gaveWay;
    }
}
