using System.Text.Json.Serialization;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Records;

/// <summary>
/// Something that happened in a run. Every event carries its run, its time and its source; the per-run sequence is
/// assigned when <see cref="Writing.RecorderSession.Record"/> receives it.
/// </summary>
public abstract record RecorderEvent
{
    /// <summary>Required; missing or longer than 256 characters sends the event to quarantine.</summary>
    [JsonConverter(typeof(RepeatedTextConverter))]
    public required string RunId { get; init; }

    /// <summary>When it happened (UTC; local times are converted, unspecified ones are taken as UTC).</summary>
    public required DateTime EventUtc { get; init; }

    /// <summary>Where it comes from. Backtest events may wait for room in the queue; others never block.</summary>
    public RunSource Source { get; init; }

    /// <summary>The event's name in <c>ingest_events.event_type</c>.</summary>
    public abstract string EventType { get; }

    /// <summary>Version of the payload's shape in <c>ingest_events.payload_version</c>.</summary>
    public virtual int PayloadVersion => Writing.PayloadJson.StoredVersion;
}
