using System.Text.Json;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Queries.Sql;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing.Bars;

namespace QuantowerRecorder.Storage.Replay;

/// <summary>
/// A stretch row of the raw log (BARS_STORED, or BARS_SHARED before schema 17; docs/events.md): its bars again, as the
/// source's tables show them to its series, each with its state (closed, or forming as of its time), for a rebuild.
/// </summary>
internal static class BarStretch
{
    public static bool Is(string eventType) => eventType is BarStretches.EventType or BarStretches.SharedEventType;

    /// <summary>The sequence of the stretch's last bar event (none in BARS_SHARED rows).</summary>
    public static long? LastSequence(string payload)
    {
        using var json = JsonDocument.Parse(payload);
        return json.RootElement.TryGetProperty("last_sequence", out var last) ? last.GetInt64() : null;
    }

    public static List<BarRecorded> Bars(SqliteConnection connection, string payload, string runId, DateTime at, string? source)
    {
        string series, first, last;
        using (var json = JsonDocument.Parse(payload))
        {
            var root = json.RootElement;
            series = root.GetProperty("series_id").GetString()!;
            first = root.GetProperty("first_utc").GetString()!;
            last = root.GetProperty("last_utc").GetString()!;
        }

        var runSource = Enum.TryParse<RunSource>(source, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : RunSource.Live;
        return Rows.Query(connection, """
            SELECT ts, open, high, low, close, volume, volumetric_json, forming_utc FROM v_series_bars
            WHERE series_id = $series AND ts BETWEEN $first AND $last ORDER BY ts
            """, r => new BarRecorded
            {
                RunId = runId, Source = runSource, SeriesId = series, OpenUtc = BarState.Time(r.GetInt64(0)),
                Open = r.GetDouble(1), High = r.GetDouble(2), Low = r.GetDouble(3), Close = r.GetDouble(4), Volume = r.Real(5),
                VolumetricJson = r.IsDBNull(6) ? null : r.GetString(6),
                // A forming state keeps its own time: that is its progress (BarState).
                IsClosed = r.IsDBNull(7),
                EventUtc = r.IsDBNull(7) ? at : BarState.Time(r.GetInt64(7)),
            }, ("$series", series), ("$first", BarState.Ticks(Timestamps.Parse(first))), ("$last", BarState.Ticks(Timestamps.Parse(last))));
    }
}
