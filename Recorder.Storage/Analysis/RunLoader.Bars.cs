using System.Data.Common;
using Dapper;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>A run's bars as the analysis reads them: each series' market bars over its stretch that it saw and its own values, merged.</summary>
internal static partial class RunLoader
{
    /// <summary>The run's bars, one series after another by series id, each in time order: as the analysis reads them.</summary>
    public static List<BarSeries> Bars(DbConnection connection, string runId) => Bars(connection, Series(connection, runId));

    /// <summary>The bars of <paramref name="series"/> (the run's, as <see cref="Series"/> read them), as <see cref="Bars(DbConnection, string)"/> reads them.</summary>
    internal static List<BarSeries> Bars(DbConnection connection, List<StoredSeries> series) =>
        [.. series.Select(s => Of(s, SeriesBars(connection, s, long.MinValue)))];

    /// <summary>A series of the run as run_series holds it: its market and its stretch (first and last bar, in market_bars.ts units).</summary>
    internal readonly record struct StoredSeries(string Id, string Symbol, string Timeframe, long? Market, long First, long Last);

    /// <summary>The run's series by series id.</summary>
    internal static List<StoredSeries> Series(DbConnection connection, string runId) =>
        connection.ReadRows("""
            SELECT series_id, symbol, timeframe, market_id, COALESCE(first_bar, 0), COALESCE(last_bar, -1)
            FROM run_series WHERE run_id = @runId ORDER BY series_id
            """, new { runId }, r => new StoredSeries(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetInt64(3),
            r.GetInt64(4), r.GetInt64(5)));

    /// <summary>
    /// How many bars <paramref name="series"/> span, each from its first bar to its last at its timeframe: at most that
    /// many are read (a gap the run did not see has none). A series whose timeframe has no known length counts none.
    /// </summary>
    internal static long SpannedBars(IEnumerable<StoredSeries> series) =>
        series.Sum(s => Timeframes.Duration(s.Timeframe) is { Ticks: > 0 } step && s.Last >= s.First ? ((s.Last - s.First) / step.Ticks) + 1 : 0);

    /// <summary>The analysis' series of <paramref name="bars"/>.</summary>
    internal static BarSeries Of(StoredSeries s, IReadOnlyList<Bar> bars) =>
        new(s.Symbol, bars) { BarDuration = Timeframes.Duration(s.Timeframe), Key = s.Id };

    /// <summary>
    /// What v_series_bars gives for the series from <paramref name="from"/> on (long.MinValue: all of it), read as it is
    /// stored: the series' own values where it saw other ones, and its market's bars over its stretch of time, both
    /// already in time order (each table's key), merged here — the view's per-bar look for an own value and its sort
    /// were most of loading a long backtest's bars. A later time's bars never change an earlier time's, so the bars from
    /// a time on are the tail of the whole list.
    /// </summary>
    internal static List<Bar> SeriesBars(DbConnection connection, StoredSeries s, long from)
    {
        var own = Read(connection, "SELECT ts, open, high, low, close, volume FROM series_bars WHERE series_id = @key AND ts >= @from ORDER BY ts",
            ("@key", s.Id), ("@from", from));
        return s.Market is not { } market ? own : Merge(own, Seen(connection, s.Id, from, Read(connection,
            "SELECT ts, open, high, low, close, volume FROM market_bars WHERE market_id = @market AND ts BETWEEN @first AND @last ORDER BY ts",
            ("@market", market), ("@first", Math.Max(s.First, from)), ("@last", s.Last))));
    }

    // The market's bars over the series' stretch less the times it did not see (series_unseen: rare, most often none).
    private static List<Bar> Seen(DbConnection connection, string seriesId, long from, List<Bar> market)
    {
        var unseen = connection.ReadRows("SELECT ts FROM series_unseen WHERE series_id = @key AND ts >= @from", new { key = seriesId, from },
            r => Writing.Bars.BarState.Time(r.GetInt64(0))).ToHashSet();

        if (unseen.Count > 0)
        {
            market.RemoveAll(b => unseen.Contains(b.TimeUtc));
        }

        return market;
    }

    private static List<Bar> Read(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        if (connection is Microsoft.Data.Sqlite.SqliteConnection sqlite)
        {
            return ReadRaw(sqlite, sql, parameters);
        }

        var list = new List<Bar>();
        var arguments = new DynamicParameters();
        foreach (var (name, value) in parameters)
        {
            arguments.Add(name, value);
        }

        using var reader = connection.ExecuteReader(sql, arguments);
        while (reader.Read())
        {
            list.Add(new Bar(Writing.Bars.BarState.Time(reader.GetInt64(0)), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3),
                reader.GetDouble(4), reader.IsDBNull(5) ? 0 : reader.GetDouble(5)));
        }

        return list;
    }

    // A file's bars straight from SQLite's columns: through the provider's reader, its per-value type checks were half
    // of loading a 100,000-bar backtest for its analysis (a thread-time profile of the backtest benchmark's close).
    private static List<Bar> ReadRaw(Microsoft.Data.Sqlite.SqliteConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var list = new List<Bar>();
        using var lease = Writing.StatementCache.TakeNamed(connection, sql, [.. parameters.Select(p => p.Name)]);
        var statement = lease.Statement;
        for (var i = 0; i < parameters.Length; i++)
        {
            _ = parameters[i].Value switch
            {
                long number => statement.Integer(i, number),
                string text => statement.Text(i, text),
                var other => throw new ArgumentException($"a bar query's parameter {parameters[i].Name} is {other?.GetType().Name ?? "null"}", nameof(parameters)),
            };
        }

        while (statement.Next())
        {
            list.Add(new Bar(Writing.Bars.BarState.Time(statement.GetNullableInteger(0)!.Value), statement.GetDouble(1), statement.GetDouble(2),
                statement.GetDouble(3), statement.GetDouble(4), statement.GetDouble(5)));
        }

        return list;
    }

    // Two time-ordered lists as one: at a time both have, the series' own bar.
    private static List<Bar> Merge(List<Bar> own, List<Bar> market)
    {
        if (own.Count == 0)
        {
            return market;
        }

        var merged = new List<Bar>(market.Count + own.Count);
        int o = 0, m = 0;
        while (o < own.Count || m < market.Count)
        {
            if (m == market.Count || (o < own.Count && own[o].TimeUtc <= market[m].TimeUtc))
            {
                if (m < market.Count && own[o].TimeUtc == market[m].TimeUtc)
                {
                    m++;
                }

                merged.Add(own[o++]);
            }
            else
            {
                merged.Add(market[m++]);
            }
        }

        return merged;
    }
}
