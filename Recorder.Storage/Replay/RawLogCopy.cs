using Dapper;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Replay;

/// <summary>
/// A file's raw log written again through the writer's batches (<see cref="BatchWriter"/>, which takes them as copies:
/// each event keeps its sequence and arrival time), in the order it was written: `recorder replay` into a new file and
/// `recorder merge` into an existing one. A stretch of stored bars (BARS_STORED) is its bars again as the source shows
/// them, written as one stretch, so the copy's raw log has the same stretch rows. The source is only read.
/// </summary>
internal sealed class RawLogCopy(BatchWriter writer, Func<IReadOnlyList<Envelope>, BatchOutcome> write, int batchSize)
{
    private readonly List<Envelope> batch = new(batchSize);

    /// <summary>What the copy's batches did, added up.</summary>
    public BatchOutcome Outcome { get; private set; }

    /// <summary>Events read from the source (a stretch counts its bars).</summary>
    public long Events { get; private set; }

    /// <summary>How many events the source's raw log holds (stretch rows count one each): a progress bar's total.</summary>
    public static long Count(SqliteConnection source) => source.ExecuteScalar<long>("SELECT COUNT(*) FROM ingest_events");

    /// <summary>Copies every event of <paramref name="source"/>; <paramref name="progress"/> gets raw-log rows read so far.</summary>
    public void From(SqliteConnection source, Action<long>? progress = null)
    {
        long rows = 0;
        foreach (var row in source.Query<StoredEvent>(
            "SELECT event_type, payload_json AS payload, sequence, received_utc, run_id, event_utc, source, id FROM ingest_events ORDER BY id",
            buffered: false))
        {
            rows++;
            if (BarStretch.Is(row.EventType))
            {
                // A stretch of stored bars: its bars again, as the source shows them to this series, one stretch in the
                // target too; the last carries the stretch's last sequence.
                Flush();
                writer.EndBarStretches();
                var (bars, last) = Read(row.Id, row.EventType, () => (BarStretch.Bars(source, row.Payload, row.RunId, Timestamps.Parse(row.EventUtc), row.Source),
                    BarStretch.LastSequence(row.Payload)));
                var received = Read(row.Id, row.EventType, () => Timestamps.Parse(row.ReceivedUtc).Ticks);
                for (var i = 0; i < bars.Count; i++)
                {
                    Add(new Envelope(bars[i], i == bars.Count - 1 ? last ?? row.Sequence ?? 0 : row.Sequence ?? 0, received));
                }

                Flush();
            }
            else
            {
                Add(Read(row.Id, row.EventType, () => new Envelope(
                    PayloadJson.DeserializeStored(row.EventType, row.Payload, row.RunId, Timestamps.Parse(row.EventUtc), row.Source),
                    row.Sequence ?? 0, Timestamps.Parse(row.ReceivedUtc).Ticks)));
            }

            if (batch.Count == 0)
            {
                progress?.Invoke(rows);
            }
        }

        Flush();
        progress?.Invoke(rows);
    }

    // A row the recorder wrote always reads back; one that does not (changed by hand, a kind this code does not know)
    // stops the copy with what it is and where, rather than an exception of the JSON reader's, once every event before
    // it is written.
    private T Read<T>(long id, string eventType, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException or NotSupportedException)
        {
            Flush();
            throw new InvalidDataException($"row {id} of its raw log (ingest_events, {eventType}) cannot be read: {ex.Message}", ex);
        }
    }

    private void Add(Envelope envelope)
    {
        batch.Add(envelope);
        Events++;
        if (batch.Count == batchSize)
        {
            Flush();
        }
    }

    private void Flush()
    {
        if (batch.Count > 0)
        {
            Outcome += write(batch);
            batch.Clear();
        }
    }

    // A raw-log row as the copy reads it.
    private sealed record StoredEvent(string EventType, string Payload, long? Sequence, string ReceivedUtc, string RunId, string EventUtc,
        string? Source, long Id);
}
