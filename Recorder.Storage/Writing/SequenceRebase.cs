using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Planning step: sequences restart at 1 in each process, so a run that already has events in the file continues
/// after them. The base is read once per run and kept (it only matters for runs this process writes).
/// </summary>
internal sealed class SequenceRebase(IngestLog log)
{
    private readonly Dictionary<string, long> bases = new(StringComparer.Ordinal);

    public Envelope Apply(Envelope envelope) =>
        envelope with { Sequence = Base(envelope.Event.RunId) + envelope.Sequence };

    private long Base(string? runId)
    {
        runId ??= string.Empty;
        if (!bases.TryGetValue(runId, out var offset))
        {
            offset = log.Flushed().Scalar("SELECT MAX(sequence) FROM ingest_events WHERE run_id = @runId", new { runId }) as long? ?? 0;
            bases[runId] = offset;
        }

        return offset;
    }
}
