using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
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
        return connection.Query<StoredBar>("""
            SELECT ts, open, high, low, close, volume, volumetric_json, forming_utc FROM v_series_bars
            WHERE series_id = @series AND ts BETWEEN @first AND @last ORDER BY ts
            """, new
            {
                series, first = BarState.Ticks(Timestamps.Parse(first)), last = BarState.Ticks(Timestamps.Parse(last)),
            })
            .Select(b => new BarRecorded
            {
                RunId = runId, Source = runSource, SeriesId = series, OpenUtc = BarState.Time(b.Ts),
                Open = b.Open, High = b.High, Low = b.Low, Close = b.Close, Volume = b.Volume, VolumetricJson = b.VolumetricJson,
                // A forming state keeps its own time: that is its progress (BarState).
                IsClosed = b.FormingUtc is null,
                EventUtc = b.FormingUtc is { } forming ? BarState.Time(forming) : at,
            }).ToList();
    }

    // By property, not by constructor: a view's computed column has no declared type, and Dapper matches a constructor
    // only to the first row's types.
    private sealed record StoredBar
    {
        public long Ts { get; init; }

        public double Open { get; init; }

        public double High { get; init; }

        public double Low { get; init; }

        public double Close { get; init; }

        public double? Volume { get; init; }

        public string? VolumetricJson { get; init; }

        public long? FormingUtc { get; init; }
    }
}
