using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The one duplicate policy ("the same event again changes nothing", docs/events.md). Each kind is recognised by what
/// identifies it: an order by its stored snapshot (<see cref="OrderApplier"/>), a fill by its natural key and content
/// (<see cref="ExecutionApplier"/>), a bar by its series, time and values (<see cref="BarApplier"/>), and a bar state
/// other than the stored one by the bar's states in the raw log (<see cref="SeenOrSuperseded"/>); every other event —
/// and an order state older than the stored one — by its payload in the raw log, which holds an event as soon as it is
/// written (its raw-log row is written with its row, in the batch's transaction): a repeat is recognised in any
/// session, and within a batch.
/// </summary>
internal sealed class Repeats(IngestLog log)
{
    /// <summary>Whether the very same event (same payload) is in the raw log.</summary>
    public bool Seen(RecorderEvent e, string payload) => log.Flushed().Scalar("""
            SELECT EXISTS(SELECT 1 FROM ingest_events
                          WHERE run_id = @RunId AND event_utc = @At AND event_type = @EventType AND payload_json = @payload)
            """, new { RunId = e.RunId, At = Timestamps.Format(e.EventUtc), EventType = e.EventType, payload }) is not 0L;

    /// <summary>What <see cref="Seen"/> asks of a row of the raw log, asked of two events not logged yet (definitions waiting for their run).</summary>
    public static bool Same(RecorderEvent a, string aPayload, RecorderEvent b, string bPayload) =>
        string.Equals(a.RunId, b.RunId, StringComparison.Ordinal) && string.Equals(a.EventType, b.EventType, StringComparison.Ordinal)
        && string.Equals(Timestamps.Format(a.EventUtc), Timestamps.Format(b.EventUtc), StringComparison.Ordinal)
        && string.Equals(aPayload, bPayload, StringComparison.Ordinal);

    /// <summary>
    /// Whether a state of a bar the file holds is one it has had already or an earlier one: the raw log holds this
    /// very state, a state of the bar recorded later, or its closed state while this one is still forming. A forming
    /// bar's superseded updates are coalesced away and never logged (docs/decisions.md, 3), so a file imported again
    /// brings states the raw log never saw: they are earlier, not new, and must not turn the bar back.
    /// </summary>
    public bool SeenOrSuperseded(BarRecorded b, string payload) => log.Flushed().Scalar("""
        SELECT EXISTS(SELECT 1 FROM ingest_events
                      WHERE run_id = @RunId AND event_utc >= @At AND event_type = 'BAR'
                        AND json_extract(payload_json, '$.series_id') = json_extract(@payload, '$.series_id')
                        AND json_extract(payload_json, '$.open_utc') = json_extract(@payload, '$.open_utc')
                        AND (event_utc > @At OR payload_json = @payload
                             OR (@forming AND IFNULL(json_extract(payload_json, '$.is_closed'), 1) = 1)))
        """, new { RunId = b.RunId, At = Timestamps.Format(b.EventUtc), payload, forming = !b.IsClosed }) is not 0L;
}
