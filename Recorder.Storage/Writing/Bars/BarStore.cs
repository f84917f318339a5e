using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Queries.Sql;

namespace QuantowerRecorder.Storage.Writing.Bars;

/// <summary>
/// The bars' tables as the writer reads and writes them (docs/decisions.md, 14): markets, a market's bars by time, a
/// series' own values, and what it knows of each series (its market and the stretch of time it saw) and each market (its
/// newest bar time, so that a bar after it is a plain insert). Only ever a copy of committed rows: a batch that rolls
/// back makes it forget. Owns its prepared statements (docs/decisions.md, 20).
/// </summary>
internal sealed class BarStore(SqliteConnection connection) : IDisposable
{
    private readonly NamedStatement<Column> insertMarketBar = new(connection, BarStatements.InsertMarketBar);
    private readonly NamedStatement<Column> updateMarketBar = new(connection, BarStatements.UpdateMarketBar);
    private readonly NamedStatement<MarketKey> selectMarketBar = new(connection, BarStatements.SelectMarketBar);
    private readonly NamedStatement<SeriesColumn> upsertSeriesBar = new(connection, BarStatements.UpsertSeriesBar);
    private readonly NamedStatement<SeriesKey> selectSeriesBar = new(connection, BarStatements.SelectSeriesBar);
    private readonly NamedStatement<SeriesKey> deleteSeriesBar = new(connection, BarStatements.DeleteSeriesBar);

    private readonly Dictionary<string, SeriesBars> series = new(StringComparer.Ordinal);
    private readonly Dictionary<long, long> newestInMarket = [];

    /// <summary>The market of a series' bars, added when new.</summary>
    public long MarketOf(string symbol, string timeframe, string? source, bool volumetric)
    {
        (string, object?)[] key = [("@Symbol", symbol), ("@Timeframe", timeframe), ("@Source", source ?? string.Empty), ("@Volumetric", volumetric ? 1 : 0)];
        return Rows.Scalar(connection, BarStatements.FindMarket, key) as long? ?? (long)Rows.Scalar(connection, BarStatements.InsertMarket, key)!;
    }

    /// <summary>What the writer knows of a series' bars; null for a series without a market (it has no row).</summary>
    public SeriesBars? Series(string seriesId)
    {
        if (series.TryGetValue(seriesId, out var known))
        {
            return known;
        }

        var row = Rows.Query(connection, BarStatements.SelectSeries, static r => (Market: r.IntegerOrNull(0), First: r.IntegerOrNull(1), Last: r.IntegerOrNull(2)),
            ("@seriesId", seriesId)).FirstOrDefault();
        if (row.Market is not { } market)
        {
            return null;
        }

        known = new SeriesBars(seriesId, market, row.First, row.Last);
        series[seriesId] = known;
        return known;
    }

    /// <summary>The newest bar time its market holds (<see cref="long.MinValue"/> when none).</summary>
    public long NewestIn(long market)
    {
        if (!newestInMarket.TryGetValue(market, out var newest))
        {
            newest = Rows.Scalar(connection, BarStatements.NewestMarketBar, ("@marketId", market)) as long? ?? long.MinValue;
            newestInMarket[market] = newest;
        }

        return newest;
    }

    public BarState? MarketBar(long market, long ts) =>
        Read(selectMarketBar.Integer(MarketKey.Market, market).Integer(MarketKey.Ts, ts));

    public BarState? OwnBar(string seriesId, long ts) =>
        Read(selectSeriesBar.Text(SeriesKey.Series, seriesId).Integer(SeriesKey.Ts, ts));

    public void InsertMarketBar(long market, long ts, in BarState bar)
    {
        Bind(insertMarketBar, bar).Integer(Column.Market, market).Integer(Column.Ts, ts).Run();
        if (ts > NewestIn(market))
        {
            newestInMarket[market] = ts;
        }
    }

    /// <summary>Moves a market's bar to a newer state; every other series that read it there keeps what it saw.</summary>
    public void MoveMarketBar(SeriesBars mover, long ts, in BarState bar)
    {
        StoreStretches();
        Rows.Execute(connection, BarStatements.KeepReaders, ("@Market", mover.Market), ("@Ts", ts), ("@Series", mover.Id));
        Bind(updateMarketBar, bar).Integer(Column.Market, mover.Market).Integer(Column.Ts, ts).Run();
        Rows.Execute(connection, BarStatements.DropAgreeing, ("@Market", mover.Market), ("@Ts", ts));
    }

    /// <summary>Updates the market bar's state alone (its values are the same): a closed state of a bar stored forming.</summary>
    public void MarkMarketBar(long market, long ts, in BarState bar) =>
        Bind(updateMarketBar, bar).Integer(Column.Market, market).Integer(Column.Ts, ts).Run();

    public void StoreOwnBar(string seriesId, long ts, in BarState bar)
    {
        var s = upsertSeriesBar.Text(SeriesColumn.Series, seriesId).Integer(SeriesColumn.Ts, ts)
            .Real(SeriesColumn.Open, bar.Open).Real(SeriesColumn.High, bar.High).Real(SeriesColumn.Low, bar.Low)
            .Real(SeriesColumn.Close, bar.Close).Real(SeriesColumn.Volume, bar.Volume)
            .Text(SeriesColumn.VolumetricJson, bar.VolumetricJson).Integer(SeriesColumn.FormingUtc, bar.FormingTicks);
        s.Run();
    }

    public void DropOwnBar(string seriesId, long ts) =>
        deleteSeriesBar.Text(SeriesKey.Series, seriesId).Integer(SeriesKey.Ts, ts).Run();

    /// <summary>Writes the stretches the series' bars grew to (run_series.first_bar, last_bar).</summary>
    public void StoreStretches()
    {
        foreach (var s in series.Values)
        {
            if (s.Moved)
            {
                Rows.Execute(connection, BarStatements.StoreStretch, ("@First", s.First), ("@Last", s.Last), ("@SeriesId", s.Id));
                s.Moved = false;
            }
        }
    }

    /// <summary>After a rollback: what the batch taught is no longer true; reloaded on demand.</summary>
    public void Forget()
    {
        series.Clear();
        newestInMarket.Clear();
    }

    public void Dispose()
    {
        insertMarketBar.Dispose();
        updateMarketBar.Dispose();
        selectMarketBar.Dispose();
        upsertSeriesBar.Dispose();
        selectSeriesBar.Dispose();
        deleteSeriesBar.Dispose();
    }

    private static BarState? Read<T>(NamedStatement<T> query) where T : struct, Enum
    {
        if (!query.Next())
        {
            return null;
        }

        var r = query.Row;
        var bar = new BarState(r.GetDouble(0), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3), r.GetNullableDouble(4),
            r.GetString(5), r.GetNullableInteger(6));
        query.Reset();
        return bar;
    }

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

    private enum SeriesColumn
    {
        Series, Ts, Open, High, Low, Close, Volume, VolumetricJson, FormingUtc,
    }

    private enum SeriesKey
    {
        Series, Ts,
    }
}

/// <summary>A series as the writer knows it: its market and the stretch of time it saw (null before its first bar).</summary>
internal sealed class SeriesBars(string id, long market, long? first, long? last)
{
    public string Id { get; } = id;

    public long Market { get; } = market;

    public long? First { get; private set; } = first;

    public long? Last { get; private set; } = last;

    /// <summary>Its stretch grew since it was last written to run_series.</summary>
    public bool Moved { get; set; }

    public bool Covers(long ts) => ts >= First && ts <= Last;

    public void Extend(long ts)
    {
        if (First is not { } first || ts < first)
        {
            First = ts;
            Moved = true;
        }

        if (Last is not { } last || ts > last)
        {
            Last = ts;
            Moved = true;
        }
    }
}
