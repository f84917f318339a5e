using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The one duplicate policy ("the same event again changes nothing", docs/events.md). Each kind is recognised by what
/// identifies it: an order by its stored snapshot (<see cref="OrderApplier"/>), a fill by its natural key and content
/// (<see cref="ExecutionApplier"/>), a bar by its series, time and values (<see cref="BarApplier"/>), and a bar state
/// other than the stored one by the bar's states in the raw log (<see cref="SeenOrSuperseded"/>); every other event —
/// and an order state older than the stored one — by its payload, in the raw log or earlier in the batch.
/// That is what this class answers, so a repeat is recognised in any session, and within a batch before its rows exist.
/// </summary>
internal sealed class Repeats(SqliteConnection connection)
{
    // (run, type, payload) of what this batch logged so far: the raw log does not hold it until the commit.
    private readonly HashSet<(string, string, string)> batch = [];

    /// <summary>Whether a repeat of the event is recognised by its payload (rather than by the table it fills).</summary>
    public static bool ByPayload(RecorderEvent e) => e is not (OrderSnapshot or ExecutionRecorded or BarRecorded);

    /// <summary>A batch (or a retry of one) is planned from the start: what an earlier attempt remembered is gone.</summary>
    public void NewBatch() => batch.Clear();

    /// <summary>Whether the very same event (same payload) is in the raw log or was logged earlier in this batch.</summary>
    public bool Seen(RecorderEvent e, string payload) =>
        batch.Contains((e.RunId, e.EventType, payload)) || connection.ExecuteScalar<long>(
            """
            SELECT EXISTS(SELECT 1 FROM ingest_events
                          WHERE run_id = @RunId AND event_utc = @At AND event_type = @EventType AND payload_json = @payload)
            """, new { e.RunId, At = Timestamps.Format(e.EventUtc), e.EventType, payload }) != 0;

    /// <summary>
    /// Whether a state of a bar the file holds is one it has had already or an earlier one: the raw log holds this
    /// very state, a state of the bar recorded later, or its closed state while this one is still forming. A forming
    /// bar's superseded updates are coalesced away and never logged (docs/decisions.md, 3), so a file imported again
    /// brings states the raw log never saw: they are earlier, not new, and must not turn the bar back.
    /// </summary>
    public bool SeenOrSuperseded(BarRecorded b, string payload) => connection.ExecuteScalar<long>(
        """
        SELECT EXISTS(SELECT 1 FROM ingest_events
                      WHERE run_id = @RunId AND event_utc >= @At AND event_type = 'BAR'
                        AND json_extract(payload_json, '$.series_id') = json_extract(@payload, '$.series_id')
                        AND json_extract(payload_json, '$.open_utc') = json_extract(@payload, '$.open_utc')
                        AND (event_utc > @At OR payload_json = @payload
                             OR (@forming AND IFNULL(json_extract(payload_json, '$.is_closed'), 1) = 1)))
        """, new { b.RunId, At = Timestamps.Format(b.EventUtc), payload, forming = !b.IsClosed }) != 0;

    /// <summary>The event takes effect in this batch: a repeat of it further on is recognised.</summary>
    public void Remember(RecorderEvent e, string payload) => batch.Add((e.RunId, e.EventType, payload));
}
