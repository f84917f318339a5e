using System.Text.Json;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Queries.Sql;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Replay;

/// <summary>A BARS_SHARED row of the raw log (docs/events.md): the stretch it names, and its bars as a file shows them.</summary>
internal sealed record SharedStretch(string SeriesId, string FirstUtc, string LastUtc, long BarCount, string BarsHash, string? FromSeriesId)
{
    public static SharedStretch Parse(string payload)
    {
        using var json = JsonDocument.Parse(payload);
        var root = json.RootElement;
        return new SharedStretch(root.GetProperty("series_id").GetString()!, root.GetProperty("first_utc").GetString()!,
            root.GetProperty("last_utc").GetString()!, root.GetProperty("bar_count").GetInt64(),
            root.GetProperty("bars_hash").GetString()!,
            root.TryGetProperty("from_series_id", out var from) ? from.GetString() : null);
    }

    /// <summary>The bars the series sees in the stretch's times, in time order.</summary>
    public static List<StoredBar> Read(SqliteConnection connection, string seriesId, string first, string last) => Rows.Query(connection, """
        SELECT ts_utc, open, high, low, close, volume, volumetric_json FROM bars
        WHERE series_id = $series AND ts_utc BETWEEN $first AND $last ORDER BY ts_utc
        """, r => new StoredBar(Timestamps.Parse(r.GetString(0)), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4), r.Real(5),
            r.IsDBNull(6) ? null : r.GetString(6)), ("$series", seriesId), ("$first", first), ("$last", last));

    /// <summary>The stretch's bars as events of its run, for a rebuild.</summary>
    public static IEnumerable<BarRecorded> Bars(SqliteConnection connection, string payload, string runId, DateTime at, string? source)
    {
        var stretch = Parse(payload);
        var runSource = Enum.TryParse<RunSource>(source, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : RunSource.Live;
        return Read(connection, stretch.SeriesId, stretch.FirstUtc, stretch.LastUtc).Select(b => new BarRecorded
        {
            RunId = runId, EventUtc = at, Source = runSource, SeriesId = stretch.SeriesId, OpenUtc = b.OpenUtc,
            Open = b.Open, High = b.High, Low = b.Low, Close = b.Close, Volume = b.Volume, VolumetricJson = b.VolumetricJson,
        });
    }
}
