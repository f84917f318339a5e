using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>A bar as bar_data holds it.</summary>
internal readonly record struct StoredBar(DateTime OpenUtc, double Open, double High, double Low, double Close,
    double? Volume, string? VolumetricJson)
{
    // Computed once: a bar kept in memory (HeldBars) is summed into a stretch's hash by every pass that shares it.
    public ulong Hash { get; } = BarHash.Of(OpenUtc, Open, High, Low, Close, Volume, VolumetricJson);

    // SQLite's comparison, as the probe's: -0.0 equals 0.0, NULL only NULL.
    public bool Same(BarRecorded b, DateTime openUtc) =>
        OpenUtc == openUtc && Open == b.Open && High == b.High && Low == b.Low && Close == b.Close
        && Volume == b.Volume && string.Equals(VolumetricJson, b.VolumetricJson, StringComparison.Ordinal);
}

/// <summary>The reads and rewrites of bar_data and bar_shares that sharing needs (docs/decisions.md, 14).</summary>
internal static class StoredBars
{
    /// <summary>A series' own row of bar_shares covers every time.</summary>
    public const string AllFrom = "0000-01-01T00:00:00.0000000Z";

    public const string AllTo = "9999-12-31T23:59:59.9999999Z";

    public const string InsertOwnShare = $"""
        INSERT INTO bar_shares(series_id, first_utc, last_utc, from_series_id)
        VALUES (@SeriesId, '{AllFrom}', '{AllTo}', @SeriesId)
        ON CONFLICT(series_id, first_utc) DO NOTHING
        """;

    public const string InsertOwnShares = $"""
        INSERT INTO bar_shares(series_id, first_utc, last_utc, from_series_id)
        SELECT series_id, '{AllFrom}', '{AllTo}', series_id FROM run_series
        WHERE true ON CONFLICT(series_id, first_utc) DO NOTHING
        """;

    /// <summary>The stored bars of a series' own data after a time, in time order.</summary>
    public static List<StoredBar> After(SqliteConnection connection, string seriesId, DateTime after, int limit) =>
        Read(connection, "SELECT ts_utc, open, high, low, close, volume, volumetric_json FROM bar_data WHERE series_id = $series AND ts_utc > $from ORDER BY ts_utc LIMIT $limit",
            seriesId, Timestamps.Format(after), null, limit);

    /// <summary>The stored bars of a series' own data from first to last (inclusive), in time order.</summary>
    public static List<StoredBar> Between(SqliteConnection connection, string seriesId, string first, string last) =>
        Read(connection, "SELECT ts_utc, open, high, low, close, volume, volumetric_json FROM bar_data WHERE series_id = $series AND ts_utc BETWEEN $from AND $to ORDER BY ts_utc LIMIT $limit",
            seriesId, first, last, int.MaxValue);

    /// <summary>A series' own bar at a time, if it has one.</summary>
    public static StoredBar? At(SqliteConnection connection, string seriesId, DateTime openUtc)
    {
        var text = Timestamps.Format(openUtc);
        var found = Read(connection, "SELECT ts_utc, open, high, low, close, volume, volumetric_json FROM bar_data WHERE series_id = $series AND ts_utc BETWEEN $from AND $to LIMIT $limit",
            seriesId, text, text, 1);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>The stretch of another series' bars that a series shares across a time, if any.</summary>
    public static (string? From, string? First, string? Last) SharedAt(SqliteConnection connection, string seriesId, DateTime openUtc) =>
        connection.QueryFirstOrDefault<(string?, string?, string?)>("""
            SELECT from_series_id, first_utc, last_utc FROM bar_shares
            WHERE series_id = @seriesId AND from_series_id <> @seriesId AND first_utc <= @at AND last_utc >= @at
            """, new { seriesId, at = Timestamps.Format(openUtc) });

    /// <summary>
    /// Series sharing this series' bars across this time keep what they saw: their stretch is split around it, and the
    /// bar they saw here, if any, becomes their own.
    /// </summary>
    public static void LeaveOthersTheirs(SqliteConnection connection, string seriesId, DateTime openUtc)
    {
        var sharing = connection.Query<(string Series, string First, string Last)>("""
            SELECT series_id, first_utc, last_utc FROM bar_shares
            WHERE from_series_id = @seriesId AND series_id <> @seriesId AND first_utc <= @at AND last_utc >= @at
            """, new { seriesId, at = Timestamps.Format(openUtc) }).ToList();
        if (sharing.Count == 0)
        {
            return;
        }

        var seen = At(connection, seriesId, openUtc);
        foreach (var (other, first, last) in sharing)
        {
            Split(connection, other, seriesId, first, last, openUtc);
            if (seen is { } bar)
            {
                connection.Execute("""
                    INSERT INTO bar_data(series_id, ts_utc, open, high, low, close, volume, volumetric_json)
                    VALUES (@other, @at, @Open, @High, @Low, @Close, @Volume, @VolumetricJson)
                    """, new { other, at = Timestamps.Format(openUtc), bar.Open, bar.High, bar.Low, bar.Close, bar.Volume, bar.VolumetricJson });
            }
        }
    }

    /// <summary>
    /// Takes one time out of a stretch a series shares: the stretch is replaced by what lies before and after it in
    /// the bars it shares, each with its own count and hash.
    /// </summary>
    public static void Split(SqliteConnection connection, string seriesId, string fromSeriesId, string first, string last, DateTime at)
    {
        connection.Execute("DELETE FROM bar_shares WHERE series_id = @seriesId AND first_utc = @first", new { seriesId, first });
        var bars = Between(connection, fromSeriesId, first, last);
        Insert(connection, seriesId, fromSeriesId, bars.Where(b => b.OpenUtc < at).ToList());
        Insert(connection, seriesId, fromSeriesId, bars.Where(b => b.OpenUtc > at).ToList());
    }

    private static void Insert(SqliteConnection connection, string seriesId, string fromSeriesId, IReadOnlyList<StoredBar> bars)
    {
        if (bars.Count == 0)
        {
            return;
        }

        InsertShare(connection, seriesId, Timestamps.Format(bars[0].OpenUtc), Timestamps.Format(bars[^1].OpenUtc),
            fromSeriesId, bars.Count, bars.Aggregate(0UL, static (sum, bar) => sum + bar.Hash));
    }

    /// <summary>A row of bar_shares: a stretch of <paramref name="fromSeriesId"/>'s bars that the series shares.</summary>
    public static void InsertShare(SqliteConnection connection, string seriesId, string first, string last, string fromSeriesId,
        int count, ulong hash) =>
        connection.Execute("""
            INSERT INTO bar_shares(series_id, first_utc, last_utc, from_series_id, bar_count, bars_hash)
            VALUES (@seriesId, @first, @last, @fromSeriesId, @count, @hash)
            """, new { seriesId, first, last, fromSeriesId, count, hash = BarHash.Text(hash) });

    // Through SQLite's own calls (RawStatement): a stretch's bars are read a thousand at a time as a sweep's passes
    // share them, and the provider's reader cost twice SQLite's own stepping again for every row.
    private static List<StoredBar> Read(SqliteConnection connection, string sql, string seriesId, string from, string? to, int limit)
    {
        using var statement = new RawStatement(connection, sql, to is null ? ["$series", "$from", "$limit"] : ["$series", "$from", "$to", "$limit"]);
        statement.Text(0, seriesId).Text(1, from).Integer(to is null ? 2 : 3, limit);
        if (to is not null)
        {
            statement.Text(2, to);
        }

        var list = new List<StoredBar>(Math.Min(limit, 1024));
        while (statement.Next())
        {
            list.Add(new StoredBar(statement.GetTime(0), statement.GetDouble(1), statement.GetDouble(2),
                statement.GetDouble(3), statement.GetDouble(4), statement.GetNullableDouble(5), statement.GetString(6)));
        }

        return list;
    }
}
