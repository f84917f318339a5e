using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing.Bars;

/// <summary>
/// What the raw log says of the bars a batch stored (docs/events.md, BARS_STORED): one row per series and batch naming
/// the stretch of bar times whose values it stored, logged where the series' first bar of the batch arrived and
/// completed at the batch's end. The values themselves live only in the bar tables; replay and v_events read them there.
/// </summary>
internal sealed class BarStretches(IngestLog ingest)
{
    /// <summary>The raw log's event type of a stretch of stored bars.</summary>
    public const string EventType = "BARS_STORED";

    /// <summary>The type of the rows that named shared stretches before schema 17; read the same way.</summary>
    public const string SharedEventType = "BARS_SHARED";

    private readonly Dictionary<string, Stretch> open = new(StringComparer.Ordinal);

    /// <summary>A bar the series stored in this batch at <paramref name="ts"/>.</summary>
    public void Add(Envelope envelope, RunState run, string seriesId, long ts)
    {
        if (open.TryGetValue(seriesId, out var stretch))
        {
            stretch.Add(ts, envelope.Sequence);
            return;
        }

        // Reserved as long as any stretch's payload (the count's digits are the only difference), so the row never
        // grows when it is completed: a row that outgrows its page splits it.
        var e = envelope.Event;
        var longest = Payload(seriesId, ts, ts, int.MaxValue, long.MaxValue);
        var id = ingest.Reserve(envelope with { Event = new BarsStored { RunId = e.RunId, EventUtc = e.EventUtc, Source = e.Source } }, run, longest);
        open[seriesId] = new Stretch(id, ts, envelope.Sequence);
    }

    /// <summary>At the batch's end, before it commits: completes its stretches' rows.</summary>
    public void Complete()
    {
        foreach (var (seriesId, stretch) in open)
        {
            ingest.Complete(stretch.LogId, Payload(seriesId, stretch.First, stretch.Last, stretch.Count, stretch.LastSequence));
        }

        open.Clear();
    }

    /// <summary>A batch (or its retry) starts with none.</summary>
    public void Clear() => open.Clear();

    // last_sequence: the sequence of the stretch's last bar event; with bar_count it says which of the run's events the
    // stretch stands for (the row's own sequence is its first bar's).
    private static string Payload(string seriesId, long first, long last, int count, long lastSequence) =>
        CanonicalJson.Written(json =>
        {
            json.WriteStartObject();
            json.WriteString("series_id", seriesId);
            json.WriteString("first_utc", Timestamps.Format(BarState.Time(first)));
            json.WriteString("last_utc", Timestamps.Format(BarState.Time(last)));
            json.WriteNumber("bar_count", count);
            json.WriteNumber("last_sequence", lastSequence);
            json.WriteEndObject();
        });

    private sealed class Stretch(long logId, long ts, long sequence)
    {
        public long LogId { get; } = logId;

        public long First { get; private set; } = ts;

        public long Last { get; private set; } = ts;

        public int Count { get; private set; } = 1;

        public long LastSequence { get; private set; } = sequence;

        public void Add(long at, long sequenceOfBar)
        {
            LastSequence = Math.Max(LastSequence, sequenceOfBar);
            First = Math.Min(First, at);
            Last = Math.Max(Last, at);
            Count++;
        }
    }
}

/// <summary>The raw log's row for a stretch of stored bars: its payload is written by <see cref="BarStretches"/>.</summary>
internal sealed record BarsStored : RecorderEvent
{
    public override string EventType => BarStretches.EventType;
}
