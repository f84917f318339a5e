using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
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

    /// <summary>The body of a single-event endpoint: a JSON object; its event_type, if given, must be the path's.</summary>
    public Outcome ReadOne(string eventType, string body)
    {
        JsonObject obj;
        try
        {
            if (JsonNode.Parse(body) is not JsonObject parsed)
            {
                return Outcome.Bad("the body is not a JSON object (one event, docs/events.md)", null);
            }

            obj = parsed;
            if (obj.TryGetPropertyValue("event_type", out var given) && given is not null)
            {
                var text = given.GetValueKind() == JsonValueKind.String ? given.GetValue<string>() : null;
                if (!string.Equals(text, eventType, StringComparison.OrdinalIgnoreCase))
                {
                    return Outcome.Bad($"event_type '{given.ToJsonString()}' does not match this endpoint, which takes {eventType}", "event_type");
                }
            }

            obj["event_type"] = eventType;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            return Outcome.Bad("malformed JSON: " + ex.Message, ParseError.FieldOf(ex.Message));
        }

        return Read(obj.ToJsonString());
    }

    /// <summary>One line of a batch, exactly as `recorder import` reads a line.</summary>
    public Outcome Read(string line)
    {
        var e = EventLine.Parse(line, out var error);
        if (e is null)
        {
            return Outcome.Bad(error ?? "not an event", ParseError.FieldOf(error ?? string.Empty));
        }

        if (RequiredNumbers.Check(e) is { } wrong)
        {
            return Outcome.Bad($"{wrong.Field} {wrong.Reason}", wrong.Field);
        }

        if (string.IsNullOrWhiteSpace(e.RunId))
        {
            return Outcome.Bad("run_id is missing", "run_id");
        }

        return Outcome.Good(e);
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

    /// <summary>Queues the events; false when one gave way (only bar and progress updates do, under memory pressure).</summary>
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

    internal readonly record struct Outcome(RecorderEvent? Event, string? Error, string? Field)
    {
        public static Outcome Good(RecorderEvent e) => new(e, null, null);

        public static Outcome Bad(string error, string? field) => new(null, error, field);
    }
}
