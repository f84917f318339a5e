using Dapper;
using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Stretches of shared bars (<see cref="SharedBars"/>): one series taking another's bars within a batch, and how a
/// batch's stretches are written — a bar_shares row each, and a BARS_SHARED row of the raw log reserved where the
/// stretch starts and completed at the batch's end.
/// </summary>
internal sealed partial class SharedBars
{
    /// <summary>At the batch's end: writes its stretches' bar_shares rows (joined to the stretch they continue) and
    /// completes their raw-log rows.</summary>
    public void Flush()
    {
        done.AddRange(open.Values);
        open.Clear();
        foreach (var piece in done)
        {
            Store(piece);
            ingest.Complete(piece.LogId, Payload(piece.SeriesId, piece.First, piece.Last, piece.Count, piece.Hash, piece.From));
        }

        done.Clear();
    }

    // The stretch's raw-log row, at its first bar's place in arrival order; its payload is known at the batch's end. It
    // is reserved as long as any stretch's (the count's digits are the only difference), so the row never grows when it
    // is completed: a row that outgrows its page splits it, and the raw log's pages were left half empty.
    private long Reserve(Envelope envelope, RunState run, string from)
    {
        var e = envelope.Event;
        var bar = (BarRecorded)e;
        var longest = Payload(bar.SeriesId, Timestamps.ToUtc(bar.OpenUtc), Timestamps.ToUtc(bar.OpenUtc), int.MaxValue, 0, from);
        return ingest.Reserve(envelope with { Event = new BarsShared { RunId = e.RunId, EventUtc = e.EventUtc, Source = e.Source } }, run, longest);
    }

    private void Store(Piece piece)
    {
        var first = Timestamps.Format(piece.First);
        var last = Timestamps.Format(piece.Last);
        // The stretch the series shared up to the bar just before this one (the previous batch's) grows instead.
        var before = connection.QueryFirstOrDefault<(string? First, long Count, string? Hash)>("""
            SELECT s.first_utc, s.bar_count, s.bars_hash FROM bar_shares s
            WHERE s.series_id = @SeriesId AND s.from_series_id = @From AND s.first_utc < @first
              AND s.last_utc = (SELECT MAX(ts_utc) FROM bar_data WHERE series_id = @From AND ts_utc < @first)
            """, new { piece.SeriesId, piece.From, first });
        if (before is { First: { } beforeFirst, Hash: { } beforeHash })
        {
            connection.Execute("""
                UPDATE bar_shares SET last_utc = @last, bar_count = @count, bars_hash = @hash
                WHERE series_id = @SeriesId AND first_utc = @First
                """, new { last, count = before.Count + piece.Count, hash = BarHash.Text(BarHash.Parse(beforeHash) + piece.Hash), piece.SeriesId, First = beforeFirst });
            return;
        }

        StoredBars.InsertShare(connection, piece.SeriesId, first, last, piece.From, piece.Count, piece.Hash);
    }

    private static string Payload(string seriesId, DateTime first, DateTime last, int count, ulong hash, string from) =>
        CanonicalJson.Written(json =>
        {
            json.WriteStartObject();
            json.WriteString("series_id", seriesId);
            json.WriteString("first_utc", Timestamps.Format(first));
            json.WriteString("last_utc", Timestamps.Format(last));
            json.WriteNumber("bar_count", count);
            json.WriteString("bars_hash", BarHash.Text(hash));
            json.WriteString("from_series_id", from);
            json.WriteEndObject();
        });

    /// <summary>One stretch of this batch: a series taking another's bars one after the other.</summary>
    private sealed class Piece(SharedBars owner, string seriesId, string from, bool fromRunning, long logId)
    {
        private ArraySegment<StoredBar> ahead = ArraySegment<StoredBar>.Empty;
        private int next;
        private bool exhausted;

        public string SeriesId => seriesId;

        /// <summary>The stretch's row of the raw log, completed at the batch's end.</summary>
        public long LogId => logId;

        public string From => from;

        public DateTime First { get; private set; }

        public DateTime Last { get; private set; }

        public int Count { get; private set; }

        public ulong Hash { get; private set; }

        public StoredBar? Next()
        {
            if (next == ahead.Count && !exhausted)
            {
                ahead = owner.Held(from, Last);
                next = 0;
                if (ahead.Count < ReadAhead)
                {
                    exhausted = true;
                    if (fromRunning && ahead.Count > 0)
                    {
                        // The other run's newest bar may still be forming.
                        ahead = ahead[..^1];
                    }
                }
            }

            return next < ahead.Count ? ahead[next] : null;
        }

        public void Take(StoredBar bar)
        {
            if (Count == 0)
            {
                First = bar.OpenUtc;
            }
            else
            {
                next++;
            }

            Last = bar.OpenUtc;
            Count++;
            Hash += bar.Hash;
        }
    }
}

/// <summary>The raw log's row for a stretch of shared bars: its payload is written by <see cref="SharedBars"/>.</summary>
internal sealed record BarsShared : RecorderEvent
{
    public override string EventType => SharedBars.EventType;
}
