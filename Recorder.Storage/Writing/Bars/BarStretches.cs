using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing.Bars;

/// <summary>
/// What the raw log says of the bars stored (docs/events.md, BARS_STORED): one row for each stretch of a run's events that
/// are bars of one series, one after the other in arrival order, naming the bar times whose values it stored, how many
/// bar events it stands for and the last one's sequence. The row is logged where the stretch's first stored bar
/// arrived and completed when a batch ends; a stretch goes on across batches, so where the rows fall depends on the order
/// events arrived in, not on how the writer batched them. The values themselves live only in the bar tables; replay and
/// v_events read them there.
/// </summary>
internal sealed class BarStretches(IngestLog ingest)
{
    /// <summary>The raw log's event type of a stretch of stored bars.</summary>
    public const string EventType = "BARS_STORED";

    /// <summary>The type of the rows that named shared stretches before schema 17; read the same way.</summary>
    public const string SharedEventType = "BARS_SHARED";

    // Each run's stretch still going on (its last event was a bar of that series), and those a batch grew.
    private readonly Dictionary<string, Stretch> open = new(StringComparer.Ordinal);
    private readonly List<Stretch> grown = [];

    /// <summary>An event of the run that is not a bar of the stretch's series ends its stretch.</summary>
    public void Arrived(RecorderEvent e)
    {
        // A malformed event may have no run: it ends nothing (it is quarantined).
        if (open.Count > 0 && e.RunId is { } runId && open.TryGetValue(runId, out var stretch)
            && (e is not BarRecorded b || b.SeriesId != stretch.SeriesId))
        {
            open.Remove(runId);
        }
    }

    /// <summary>A bar the series stored at <paramref name="ts"/> (after <see cref="Arrived"/>).</summary>
    public void Add(Envelope envelope, RunState run, string seriesId, long ts)
    {
        if (open.TryGetValue(run.RunId, out var stretch))
        {
            stretch.Add(ts, envelope.Sequence);
        }
        else
        {
            // Reserved as long as any stretch's payload (the count's and sequence's digits are the only difference),
            // so the row never grows when it is completed: a row that outgrows its page splits it.
            var e = envelope.Event;
            var longest = Payload(seriesId, ts, ts, int.MaxValue, long.MaxValue);
            var id = ingest.Reserve(envelope with { Event = new BarsStored { RunId = e.RunId, EventUtc = e.EventUtc, Source = e.Source } }, run, longest);
            stretch = new Stretch(seriesId, id, ts, envelope.Sequence);
            open[run.RunId] = stretch;
        }

        if (!stretch.Grown)
        {
            stretch.Grown = true;
            grown.Add(stretch);
        }
    }

    /// <summary>At the batch's end, before it commits: writes what its stretches now say.</summary>
    public void Complete()
    {
        foreach (var stretch in grown)
        {
            ingest.Complete(stretch.LogId, Payload(stretch.SeriesId, stretch.First, stretch.Last, stretch.Count, stretch.LastSequence));
            stretch.Grown = false;
        }

        grown.Clear();
    }

    /// <summary>Every stretch ends: after a rollback (its rows are gone), or where a replay's source had a row's end.</summary>
    public void EndAll()
    {
        open.Clear();
        grown.Clear();
    }

    // last_sequence: the sequence of the stretch's last bar event; with bar_count it says which of the run's events the
    // stretch stands for (the row's own sequence is its first's).
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

    private sealed class Stretch(string seriesId, long logId, long ts, long sequence)
    {
        public string SeriesId { get; } = seriesId;

        public long LogId { get; } = logId;

        public long First { get; private set; } = ts;

        public long Last { get; private set; } = ts;

        public int Count { get; private set; } = 1;

        public long LastSequence { get; private set; } = sequence;

        public bool Grown { get; set; }

        public void Add(long at, long sequence)
        {
            First = Math.Min(First, at);
            Last = Math.Max(Last, at);
            LastSequence = Math.Max(LastSequence, sequence);
            Count++;
        }
    }
}

/// <summary>The raw log's row for a stretch of stored bars: its payload is written by <see cref="BarStretches"/>.</summary>
internal sealed record BarsStored : RecorderEvent
{
    public override string EventType => BarStretches.EventType;
}
