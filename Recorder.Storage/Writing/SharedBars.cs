using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Bars stored once (docs/decisions.md, 14): a bar that a series appends and another series of the same symbol,
/// timeframe and source already holds at that time with the same values is not stored again. The series shares the
/// other's bars from there for as long as its bars go on being the other's next ones (a comparison in memory against
/// bars read ahead, no SQL per bar); each batch's stretch becomes a row of bar_shares and one BARS_SHARED row of the
/// raw log with its count and content hash, logged where the stretch starts and completed when the batch ends. A bar that differs ends the stretch and is stored as the series' own.
/// A candidate's bar is shared only once another bar followed it or its run ended: a forming bar may still change;
/// a series' own bar stored while it formed is shared after all when it becomes the stretch's next bar, or, the
/// series' first bar, another series' bar (Rejoin).
/// </summary>
internal sealed partial class SharedBars(SqliteConnection connection, IngestLog ingest) : IDisposable
{
    private readonly SqliteConnection connection = connection;

    /// <summary>The raw log's event type of a shared stretch (docs/events.md).</summary>
    public const string EventType = "BARS_SHARED";

    // Bars of a series stored as its own before it looks for a match again: a series whose bars differ from every
    // candidate costs one probe per this many bars, not one per bar.
    private const int ProbeEvery = 64;
    // Bars read ahead of a stretch at a time: 1,024 of them (72 bytes each) stay under the large-object heap's 85,000
    // bytes, which 4,096 did not; a later sweep pass read its bars in two thirds of the time with 1,024.
    private const int ReadAhead = 1024;

    private readonly Dictionary<string, Piece> open = new(StringComparer.Ordinal);
    private readonly List<Piece> done = [];
    private readonly HashSet<string> inBatch = new(StringComparer.Ordinal);

    // The bar time at which a series' continuation of an earlier batch's stretch was looked up in this batch: a later bar
    // cannot continue it (the bar asked about came between), so an own series pays one lookup per batch, not per bar.
    // The same bar again (a newer state of it) may.
    private readonly Dictionary<string, DateTime> continuationAsked = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> ownSinceProbe = new(StringComparer.Ordinal);
    private IReadOnlySet<string> ended = new HashSet<string>();

    // The holding series whose bars this batch read (HeldBars keeps them): forgotten if the batch does not commit.
    private readonly HashSet<string> heldRead = new(StringComparer.Ordinal);
    private string? heldFile;

    /// <summary>
    /// A batch (or its retry) starts from what is committed. When to probe again is kept from batch to batch: it decides
    /// no content, and a rebuild with other batch sizes then shares the same bars.
    /// </summary>
    /// <param name="endedRuns">Runs this batch ends: their bars are final (a batch keeps only each bar's newest state).</param>
    public void NewBatch(IReadOnlySet<string> endedRuns)
    {
        ended = endedRuns;
        endedJson = null;
        open.Clear();
        done.Clear();
        inBatch.Clear();
        continuationAsked.Clear();
        heldRead.Clear();
    }

    /// <summary>The batch did not commit: the bars it read of holding series may hold its own rolled-back rows.</summary>
    public void RolledBack()
    {
        if (heldFile is not null)
        {
            HeldBars.Forget(heldFile, heldRead);
        }

        heldRead.Clear();
    }

    // A holding series' next bars (a view), from memory while the file's bars are unchanged.
    private ArraySegment<StoredBar> Held(string from, DateTime after)
    {
        if (HeldBars.StampOf(connection) is not { } stamp)
        {
            return new ArraySegment<StoredBar>([.. StoredBars.After(connection, from, after, ReadAhead)]);
        }

        heldFile = stamp.File;
        heldRead.Add(from);
        return HeldBars.After(connection, stamp, from, after, ReadAhead);
    }

    /// <summary>Where a bar stands to the bars a series holds: after its newest, the newest again, or earlier.</summary>
    public enum Arrival
    {
        Next,
        Newest,
        Earlier,
    }

    /// <summary>
    /// The one entry point of sharing, for each bar a series writes: whether it is shared (then nothing else is written
    /// for it) or a repeat of the bar it shares there; null when it is the series' own, to be written by the caller —
    /// then a stretch of this series or of series sharing its bars no longer covers its time.
    /// </summary>
    public ApplyResult? Place(Envelope envelope, RunState run, BarRecorded b, DateTime openUtc, Arrival arrival)
    {
        if (arrival == Arrival.Next)
        {
            return TryShare(envelope, run, b, openUtc) ? ApplyResult.Shared : null;
        }

        Close(b.SeriesId);
        var share = StoredBars.SharedAt(connection, b.SeriesId, openUtc);
        if (share.From is null && arrival == Arrival.Newest && Rejoin(envelope, run, b, openUtc))
        {
            return ApplyResult.Shared;
        }

        if (share is { From: { } from })
        {
            if (StoredBars.At(connection, from, openUtc) is { } seen && seen.Same(b, openUtc))
            {
                return ApplyResult.Repeat;
            }

            // Its own from now on at this time: the stretch it shared goes on around it.
            StoredBars.Split(connection, b.SeriesId, from, share.First!, share.Last!, openUtc);
        }

        StoredBars.LeaveOthersTheirs(connection, b.SeriesId, openUtc);
        return null;
    }

    // Whether a bar appended to its series is shared rather than stored.
    private bool TryShare(Envelope envelope, RunState run, BarRecorded b, DateTime openUtc)
    {
        if (open.TryGetValue(b.SeriesId, out var piece))
        {
            if (piece.Next() is { } next && next.Same(b, openUtc))
            {
                piece.Take(next);
                return true;
            }

            Close(b.SeriesId);
        }
        else if (Continuation(b, openUtc) is { } going)
        {
            Start(envelope, run, going);
            return true;
        }

        var own = ownSinceProbe.GetValueOrDefault(b.SeriesId, ProbeEvery);
        if (own < ProbeEvery)
        {
            ownSinceProbe[b.SeriesId] = own + 1;
            return false;
        }

        if (Probe(b, openUtc) is not { } found)
        {
            ownSinceProbe[b.SeriesId] = 1;
            return false;
        }

        piece = new Piece(this, b.SeriesId, found.Series, found.Running, Reserve(envelope, run, found.Series));
        piece.Take(new StoredBar(openUtc, b.Open, b.High, b.Low, b.Close, b.Volume, b.VolumetricJson));
        open[b.SeriesId] = piece;
        inBatch.Add(b.SeriesId);
        return true;
    }

    /// <summary>
    /// The series' newest bar, stored as its own because an earlier state of it was not the next bar of the stretch the
    /// series shared up to the bar before, now is that next bar: it is shared after all, as it would have been had a
    /// batch caught only this state; the same for the series' first bar when another series holds it, final, with these
    /// values. Its state, closed or not: a run's last bar is never reported closed, and a later
    /// change of a shared bar makes it the series' own again. Where a bar is stored then does not depend on the
    /// writer's timing.
    /// </summary>
    /// <returns>Whether the bar is shared now (its own row is gone and nothing else is written for it).</returns>
    private bool Rejoin(Envelope envelope, RunState run, BarRecorded b, DateTime openUtc)
    {
        if ((Continuation(b, openUtc) ?? First(b, openUtc)) is not { } going)
        {
            return false;
        }

        connection.Execute("DELETE FROM bar_data WHERE series_id = @SeriesId AND ts_utc = @at", new { b.SeriesId, at = Timestamps.Format(openUtc) });
        Start(envelope, run, going);
        return true;
    }

    // The stretch an earlier batch left this series in, going on with this bar: the series shared another's bars up to
    // the bar before this one, and this bar is the other's next, final there (another follows it or its run ended).
    // What a batch does within one stretch, across the batches' ends; a series that had a stretch in this batch goes on
    // from there instead.
    private (string From, bool Running, StoredBar Bar)? Continuation(BarRecorded b, DateTime openUtc)
    {
        if (inBatch.Contains(b.SeriesId) || (continuationAsked.TryGetValue(b.SeriesId, out var asked) && openUtc > asked))
        {
            return null;
        }

        continuationAsked[b.SeriesId] = openUtc;

        var at = Timestamps.Format(openUtc);
        var stretch = connection.QueryFirstOrDefault<(string? From, string? Last, string? Status, string? Run)>("""
            SELECT s.from_series_id, s.last_utc, r.status, r.run_id FROM bar_shares s
            JOIN run_series rs ON rs.series_id = s.from_series_id
            JOIN strategy_runs r ON r.run_id = rs.run_id
            WHERE s.series_id = @SeriesId AND s.from_series_id <> @SeriesId AND s.last_utc < @at
              AND NOT EXISTS (SELECT 1 FROM bar_data d WHERE d.series_id = @SeriesId AND d.ts_utc > s.last_utc AND d.ts_utc < @at)
              AND NOT EXISTS (SELECT 1 FROM bar_shares o WHERE o.from_series_id = @SeriesId AND o.series_id <> @SeriesId AND o.last_utc >= @at)
            ORDER BY s.last_utc DESC LIMIT 1
            """, new { b.SeriesId, at });
        if (stretch is not { From: { } from, Last: { } last })
        {
            return null;
        }

        var next = StoredBars.After(connection, from, Timestamps.Parse(last), 2);
        var running = stretch.Status == StoredText.Status(RunStatus.Running) && !ended.Contains(stretch.Run!);
        if (next.Count == 0 || !next[0].Same(b, openUtc) || (running && next.Count < 2))
        {
            return null;
        }

        return (from, running, next[0]);
    }

    // The series' first bar, stored as its own while it formed, now the same as another series' final bar there: it
    // starts a stretch as it would have had a batch caught only this state. Nothing of the series comes before it.
    private (string From, bool Running, StoredBar Bar)? First(BarRecorded b, DateTime openUtc)
    {
        if (inBatch.Contains(b.SeriesId))
        {
            return null;
        }

        var before = connection.ExecuteScalar<long>("""
            SELECT EXISTS (SELECT 1 FROM bar_data WHERE series_id = @SeriesId AND ts_utc < @at)
                OR EXISTS (SELECT 1 FROM bar_shares WHERE series_id = @SeriesId AND from_series_id <> @SeriesId AND first_utc < @at)
            """, new { b.SeriesId, at = Timestamps.Format(openUtc) });
        if (before != 0 || Probe(b, openUtc) is not { } found || StoredBars.At(connection, found.Series, openUtc) is not { } bar)
        {
            return null;
        }

        return (found.Series, found.Running, bar);
    }

    private void Start(Envelope envelope, RunState run, (string From, bool Running, StoredBar Bar) going)
    {
        var piece = new Piece(this, ((BarRecorded)envelope.Event).SeriesId, going.From, going.Running, Reserve(envelope, run, going.From));
        piece.Take(going.Bar);
        open[piece.SeriesId] = piece;
        inBatch.Add(piece.SeriesId);
        ownSinceProbe.Remove(piece.SeriesId);
    }

    // Ends the series' stretch of this batch (before its bars are changed otherwise).
    private void Close(string seriesId)
    {
        if (open.Remove(seriesId, out var piece))
        {
            done.Add(piece);
        }

        ownSinceProbe.Remove(seriesId);
    }
}
