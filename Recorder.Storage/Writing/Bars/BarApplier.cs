using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing.Bars;

/// <summary>
/// A series' bars, stored by market and time (docs/decisions.md, 14). A bar after every bar its market holds is a plain
/// insert. A time the series sees for the first time takes the market's bar when the values are the same, or keeps the
/// series' own. What a series covers is recorded: the market's times inside its stretch that it did not see — another
/// run's bars stored in its gaps or beside it, before or after it — are its unseen times (series_unseen), never its bars. A newer state (by the bar's own progress, <see cref="BarState"/>) of a bar the series has replaces what
/// it reads, and only that: whoever else read the market's bar there keeps it. An older state, like the same state again,
/// is a repeat: a state the bar has moved past, stored nowhere and not logged, so that a file imported again changes
/// nothing. What was stored is logged as a stretch (<see cref="BarStretches"/>), not bar by bar.
/// </summary>
internal sealed class BarApplier(SqliteConnection connection, WriterState state, IngestLog ingest)
    : IDisposable
{
    public BarStore Store { get; } = new(connection);

    private readonly BarStretches stretches = new(ingest);

    /// <param name="fate">What the batch's other states of this bar decide for this one (<see cref="BarFate"/>).</param>
    public ApplyResult Apply(Envelope envelope, BarRecorded b, RunState run, BarFate fate)
    {
        if (state.SeriesOwner(b.SeriesId) != run.RunId)
        {
            throw new Rejection($"unknown series {b.SeriesId} for run {run.RunId} (record SERIES first)");
        }

        var series = Store.Series(b.SeriesId)
                     ?? throw new Rejection($"series {b.SeriesId} has no market (record SERIES again)");
        var ts = BarState.Ticks(Timestamps.ToUtc(b.OpenUtc));
        var bar = BarState.Of(b);
        return fate switch
        {
            BarFate.Duplicate or BarFate.Late => ApplyResult.Repeat,
            BarFate.Coalesced => Current(series, ts) is { } held && held.CompareProgress(bar) > 0
                ? ApplyResult.Repeat
                : ApplyResult.Coalesced,
            _ => Write(envelope, run, series, ts, bar),
        };
    }

    /// <summary>At a batch's start, in its write transaction (<see cref="BarStore.BeginBatch"/>).</summary>
    public void BeginBatch() => Store.BeginBatch();

    /// <summary>At a batch's end, before it commits: its stretches are logged, the series' stretches of time stored.</summary>
    public void EndBatch()
    {
        stretches.Complete();
        Store.StoreStretches();
        Store.EndBatch();
    }

    /// <summary>After a rollback: nothing of the batch is stored; what the store knew is read again.</summary>
    public void RolledBack()
    {
        stretches.EndAll();
        Store.Forget();
    }

    /// <summary>Every event of a run, in arrival order: one that is not a bar of a stretch's series ends it.</summary>
    public void Arrived(RecorderEvent e) => stretches.Arrived(e);

    /// <summary>The next bar starts a stretch of its own (a replay, where its source's raw log had one).</summary>
    public void EndStretches() => stretches.EndAll();

    public void Dispose() => Store.Dispose();

    private ApplyResult Write(Envelope envelope, RunState run, SeriesBars series, long ts, in BarState bar)
    {
        var newest = Store.NewestIn(series.Market);
        if ((series.Last is not { } last || ts > last) && ts > newest)
        {
            // After every bar the market holds: no other stretch reaches here, and the series' own grows over the
            // market's bars since its last only when another run stored some.
            if (series.Last is { } previous && newest > previous)
            {
                Store.UnseenBetween(series, previous, ts);
            }

            Store.InsertMarketBar(series.Market, ts, bar);
            return Stored(envelope, run, series, ts, grown: true);
        }

        if (!Store.Sees(series, ts))
        {
            return FirstSight(envelope, run, series, ts, bar);
        }

        if (Store.OwnBar(series.Id, ts) is { } own)
        {
            var order = bar.CompareProgress(own);
            if (order <= 0 || own.SameValues(bar))
            {
                if (order > 0)
                {
                    Store.StoreOwnBar(series, ts, bar);
                }

                return ApplyResult.Repeat;
            }

            if (Store.MarketBar(series.Market, ts) is { } market && market.SameValues(bar))
            {
                Store.DropOwnBar(series, ts);
            }
            else
            {
                Store.StoreOwnBar(series, ts, bar);
            }

            return Stored(envelope, run, series, ts);
        }

        if (Store.MarketBar(series.Market, ts) is not { } current)
        {
            NewMarketBar(series, ts, bar);
            return Stored(envelope, run, series, ts);
        }

        var progress = bar.CompareProgress(current);
        if (progress <= 0 || current.SameValues(bar))
        {
            if (progress > 0)
            {
                Store.MarkMarketBar(series.Market, ts, bar);
            }

            return ApplyResult.Repeat;
        }

        Store.MoveMarketBar(series, ts, bar);
        return Stored(envelope, run, series, ts);
    }

    // A time the series had not seen (outside its stretch, or one of its unseen times inside it): the market's bar when
    // it is the same, else the series' own.
    private ApplyResult FirstSight(Envelope envelope, RunState run, SeriesBars series, long ts, in BarState bar)
    {
        if (Store.MarketBar(series.Market, ts) is not { } market)
        {
            NewMarketBar(series, ts, bar);
        }
        else if (!market.SameValues(bar))
        {
            Store.StoreOwnBar(series, ts, bar);
        }
        else if (bar.CompareProgress(market) > 0)
        {
            Store.MarkMarketBar(series.Market, ts, bar);
        }

        if (series.Covers(ts))
        {
            Store.Seen(series, ts);
        }

        return Stored(envelope, run, series, ts);
    }

    // A bar the market did not hold, before its newest: the other series whose stretches hold its time did not see it.
    private void NewMarketBar(SeriesBars series, long ts, in BarState bar)
    {
        if (ts < Store.NewestIn(series.Market))
        {
            Store.UnseenByOthers(series, ts);
        }

        Store.InsertMarketBar(series.Market, ts, bar);
    }

    private ApplyResult Stored(Envelope envelope, RunState run, SeriesBars series, long ts, bool grown = false)
    {
        // A stretch that grows over the market's bars between its edge and this one did not see them.
        if (!grown && series.Last is { } last && ts > last)
        {
            Store.UnseenBetween(series, last, ts);
        }
        else if (!grown && series.First is { } first && ts < first)
        {
            Store.UnseenBetween(series, ts, first);
        }

        series.Extend(ts);
        stretches.Add(envelope, run, series.Id, ts);
        return ApplyResult.Applied;
    }

    private BarState? Current(SeriesBars series, long ts) =>
        Store.Sees(series, ts) ? Store.OwnBar(series.Id, ts) ?? Store.MarketBar(series.Market, ts) : null;
}

/// <summary>What a batch's states of one bar decide for each of them, in arrival order (BatchWriter's look-ahead).</summary>
internal enum BarFate
{
    /// <summary>The newest state of the bar in the batch: the one written.</summary>
    Newest,

    /// <summary>A newer state of the bar comes later in the batch: only counted (docs/decisions.md, 3).</summary>
    Coalesced,

    /// <summary>A newer state of the bar came earlier in the batch: a late copy, a repeat.</summary>
    Late,

    /// <summary>The very same state came earlier in the batch.</summary>
    Duplicate,
}
