using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Storage.Writing.Bars;

/// <summary>
/// The bars' tables as the writer reads and writes them (docs/decisions.md, 14): markets, a market's bars by time, a
/// series' own values, and what it knows of each series (its market and the stretch of time it saw) and each market (its
/// newest bar time, so that a bar after it is a plain insert). Only ever a copy of committed rows: a batch that rolls
/// back makes it forget. Owns its prepared statements (docs/decisions.md, 20).
/// </summary>
internal sealed partial class BarStore(SqliteConnection connection) : IDisposable
{
    private readonly NamedStatement<Column> insertMarketBar = new(connection, BarStatements.InsertMarketBar);
    private readonly NamedStatement<Column> updateMarketBar = new(connection, BarStatements.UpdateMarketBar);
    private readonly NamedStatement<MarketKey> selectMarketBar = new(connection, BarStatements.SelectMarketBar);
    private readonly NamedStatement<SeriesColumn> upsertSeriesBar = new(connection, BarStatements.UpsertSeriesBar);
    private readonly NamedStatement<SeriesKey> selectSeriesBar = new(connection, BarStatements.SelectSeriesBar);
    private readonly NamedStatement<SeriesKey> deleteSeriesBar = new(connection, BarStatements.DeleteSeriesBar);
    private readonly NamedStatement<AheadKey> marketBarsFrom = new(connection, BarStatements.MarketBarsFrom);

    // The batch's read-ahead of one market's bars (MarketBar): every bar the market holds from `aheadFrom` to
    // `aheadTo`, both included, in time order. Kept as the batch writes (every write to market_bars is here, under the batch's write
    // transaction, so no other writer comes between); forgotten at the batch's end and after a rollback, so it never
    // outlives what it read.
    private readonly SortedList<long, BarState> ahead = new();
    private long aheadMarket = NoMarket;
    private long aheadFrom;
    private long aheadTo;
    private long lastLookedUp = NoMarket;
    private long lastLookedUpTs;
    private const long NoMarket = long.MinValue;

    /// <summary>Bars read ahead at a time: ~0.3 ms of SQLite, for a batch that walks a stretch another run stored.</summary>
    internal const int ReadAhead = 512;

    private readonly Dictionary<string, SeriesBars> series = new(StringComparer.Ordinal);
    private readonly Dictionary<long, long> newestInMarket = [];

    // The earliest bar time written in each market since TakeTouched last took them.
    private readonly Dictionary<long, long> touched = [];

    /// <summary>The market of a series' bars, added when new.</summary>
    public long MarketOf(string symbol, string timeframe, string? source, bool volumetric)
    {
        var key = new { Symbol = symbol, Timeframe = timeframe, Source = source ?? string.Empty, Volumetric = volumetric ? 1 : 0 };
        return connection.Scalar(BarStatements.FindMarket, key) as long? ?? (long)connection.Scalar(BarStatements.InsertMarket, key)!;
    }

    /// <summary>What the writer knows of a series' bars; null for a series without a market (it has no row).</summary>
    public SeriesBars? Series(string seriesId)
    {
        if (series.TryGetValue(seriesId, out var known))
        {
            return known;
        }

        var row = connection.Rows(BarStatements.SelectSeries, new { seriesId },
            r => new StoredSeries(r.GetNullableInteger(0), r.GetNullableInteger(1), r.GetNullableInteger(2), r.GetNullableInteger(3) is not (null or 0))).FirstOrDefault();
        if (row?.MarketId is not { } market)
        {
            return null;
        }

        known = new SeriesBars(seriesId, market, row.FirstBar, row.LastBar) { HasUnseen = row.Unseen };
        series[seriesId] = known;
        return known;
    }

    /// <summary>The newest bar time its market holds (<see cref="long.MinValue"/> when none).</summary>
    public long NewestIn(long market)
    {
        if (!newestInMarket.TryGetValue(market, out var newest))
        {
            newest = connection.Scalar(BarStatements.NewestMarketBar, new { marketId = market }) as long? ?? long.MinValue;
            newestInMarket[market] = newest;
        }

        return newest;
    }

    /// <summary>
    /// The market's bar at <paramref name="ts"/>, if it holds one. A batch that looks bar after bar through a stretch
    /// another run stored (an optimisation's second pass over the same bars) reads them ahead, <see cref="ReadAhead"/>
    /// at a time, instead of looking each one up; a look-up that does not follow the one before stays a look-up.
    /// </summary>
    public BarState? MarketBar(long market, long ts)
    {
        if (knownBars.TryGetValue((market, ts), out var stored))
        {
            return stored;
        }

        if (market == aheadMarket && ts >= aheadFrom && ts <= aheadTo)
        {
            return ahead.TryGetValue(ts, out var known) ? known : null;
        }

        var forward = market == lastLookedUp && ts > lastLookedUpTs;
        (lastLookedUp, lastLookedUpTs) = (market, ts);
        if (!forward)
        {
            return Read(selectMarketBar.Integer(MarketKey.Market, market).Integer(MarketKey.Ts, ts)) is { } read ? Know(market, ts, read) : null;
        }

        ahead.Clear();
        var last = ts;
        marketBarsFrom.Integer(AheadKey.Market, market).Integer(AheadKey.Ts, ts).Integer(AheadKey.Limit, ReadAhead);
        while (marketBarsFrom.Next())
        {
            var r = marketBarsFrom.Row;
            last = r.GetNullableInteger(0)!.Value;
            ahead[last] = Know(market, last, State(r, 1));
        }

        // Fewer than asked: the market holds nothing after the last one read.
        (aheadMarket, aheadFrom, aheadTo) = (market, ts, ahead.Count < ReadAhead ? long.MaxValue : last);
        return ahead.TryGetValue(ts, out var found) ? found : null;
    }

    public BarState? OwnBar(string seriesId, long ts) =>
        Read(selectSeriesBar.Text(SeriesKey.Series, seriesId).Integer(SeriesKey.Ts, ts));

    public void InsertMarketBar(long market, long ts, in BarState bar)
    {
        Touch(market, ts);
        Bind(insertMarketBar, bar).Integer(Column.Market, market).Integer(Column.Ts, ts).Run();
        KeepAhead(market, ts, bar);
        if (ts > NewestIn(market))
        {
            newestInMarket[market] = ts;
        }
    }

    /// <summary>Moves a market's bar to a newer state; every other series that read it there keeps what it saw.</summary>
    public void MoveMarketBar(SeriesBars mover, long ts, in BarState bar)
    {
        Touch(mover.Market, ts);
        StoreStretches();
        connection.Run(BarStatements.KeepReaders, new { mover.Market, Ts = ts, Series = mover.Id });
        Bind(updateMarketBar, bar).Integer(Column.Market, mover.Market).Integer(Column.Ts, ts).Run();
        KeepAhead(mover.Market, ts, bar);
        connection.Run(BarStatements.DropAgreeing, new { mover.Market, Ts = ts });
    }

    /// <summary>Updates the market bar's state alone (its values are the same): a closed state of a bar stored forming.</summary>
    public void MarkMarketBar(long market, long ts, in BarState bar)
    {
        Touch(market, ts);
        Bind(updateMarketBar, bar).Integer(Column.Market, market).Integer(Column.Ts, ts).Run();
        KeepAhead(market, ts, bar);
    }

    /// <summary>The batch has ended: what it read ahead is not kept past it.</summary>
    public void EndBatch()
    {
        ahead.Clear();
        (aheadMarket, lastLookedUp) = (NoMarket, NoMarket);
    }

    public void StoreOwnBar(SeriesBars series, long ts, in BarState bar)
    {
        Touch(series.Market, ts);
        var s = upsertSeriesBar.Text(SeriesColumn.Series, series.Id).Integer(SeriesColumn.Ts, ts)
            .Real(SeriesColumn.Open, bar.Open).Real(SeriesColumn.High, bar.High).Real(SeriesColumn.Low, bar.Low)
            .Real(SeriesColumn.Close, bar.Close).Real(SeriesColumn.Volume, bar.Volume)
            .Text(SeriesColumn.VolumetricJson, bar.VolumetricJson).Integer(SeriesColumn.FormingUtc, bar.FormingTicks);
        s.Run();
    }

    public void DropOwnBar(SeriesBars series, long ts)
    {
        Touch(series.Market, ts);
        deleteSeriesBar.Text(SeriesKey.Series, series.Id).Integer(SeriesKey.Ts, ts).Run();
    }

    /// <summary>
    /// The earliest bar time written in each market since the last call (a market bar, a series' own value or unseen
    /// time), or null when none was: what a run's kept facts read again (<see cref="Analysis.RunFacts.Touched"/>).
    /// </summary>
    public Dictionary<long, long>? TakeTouched()
    {
        if (touched.Count == 0)
        {
            return null;
        }

        var taken = new Dictionary<long, long>(touched);
        touched.Clear();
        return taken;
    }

    private void Touch(long market, long ts) =>
        touched[market] = touched.TryGetValue(market, out var earliest) ? Math.Min(earliest, ts) : ts;

    /// <summary>Writes the stretches the series' bars grew to (run_series.first_bar, last_bar).</summary>
    public void StoreStretches()
    {
        foreach (var s in series.Values)
        {
            if (s.Moved)
            {
                connection.Run(BarStatements.StoreStretch, new { s.First, s.Last, SeriesId = s.Id });
                s.Moved = false;
            }
        }
    }

    /// <summary>After a rollback: what the batch taught is no longer true; reloaded on demand.</summary>
    public void Forget()
    {
        series.Clear();
        newestInMarket.Clear();
        ForgetKnown();
        EndBatch();
    }

    public void Dispose()
    {
        insertMarketBar.Dispose();
        updateMarketBar.Dispose();
        selectMarketBar.Dispose();
        upsertSeriesBar.Dispose();
        selectSeriesBar.Dispose();
        deleteSeriesBar.Dispose();
        marketBarsFrom.Dispose();
        DisposeUnseen();
    }

    // A bar this batch wrote, in the span it read ahead: the read-ahead says what the market now holds.
    private void KeepAhead(long market, long ts, in BarState bar)
    {
        Know(market, ts, bar);
        if (market == aheadMarket && ts >= aheadFrom && ts <= aheadTo)
        {
            ahead[ts] = bar;
        }
    }

    private static BarState? Read<T>(NamedStatement<T> query) where T : struct, Enum
    {
        if (!query.Next())
        {
            return null;
        }

        var bar = State(query.Row, 0);
        query.Reset();
        return bar;
    }

    // A bar's state from its row, its open…forming_utc columns from column `first` on.
    private static BarState State(RawStatement r, int first) =>
        new(r.GetDouble(first), r.GetDouble(first + 1), r.GetDouble(first + 2), r.GetDouble(first + 3), r.GetNullableDouble(first + 4),
            r.GetString(first + 5), r.GetNullableInteger(first + 6));

    private static NamedStatement<Column> Bind(NamedStatement<Column> statement, in BarState bar) =>
        statement.Real(Column.Open, bar.Open).Real(Column.High, bar.High).Real(Column.Low, bar.Low).Real(Column.Close, bar.Close)
            .Real(Column.Volume, bar.Volume).Text(Column.VolumetricJson, bar.VolumetricJson).Integer(Column.FormingUtc, bar.FormingTicks);

    /// <summary>The parameters of the market bar's insert and update, checked against each at prepare time.</summary>
    private enum Column
    {
        Market, Ts, Open, High, Low, Close, Volume, VolumetricJson, FormingUtc,
    }

    private enum MarketKey
    {
        Market, Ts,
    }

    private enum AheadKey
    {
        Market, Ts, Limit,
    }

    private enum SeriesColumn
    {
        Series, Ts, Open, High, Low, Close, Volume, VolumetricJson, FormingUtc,
    }

    private enum SeriesKey
    {
        Series, Ts,
    }

    private sealed record StoredSeries(long? MarketId, long? FirstBar, long? LastBar, bool Unseen);
}
