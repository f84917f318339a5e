using System.Text.Json.Serialization;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Records;

/// <summary>
/// A bar of a series, keyed by (series_id, open time). Updates of a forming bar collapse to its newest state.
/// <see cref="RecorderEvent.EventUtc"/> is when the update happened; <see cref="OpenUtc"/> is the bar's own time.
/// </summary>
public sealed record BarRecorded : RecorderEvent
{
    [JsonConverter(typeof(RepeatedTextConverter))]
    public required string SeriesId { get; init; }

    /// <summary>The bar's open time (UTC).</summary>
    public required DateTime OpenUtc { get; init; }

    public required double Open { get; init; }

    public required double High { get; init; }

    public required double Low { get; init; }

    public required double Close { get; init; }

    /// <summary>Volume; NaN or infinite is stored as NULL.</summary>
    public double? Volume { get; init; }

    /// <summary>Volumetric payload (delta, buy/sell volume, trades, POC, …) as JSON.</summary>
    [JsonConverter(typeof(NestedJsonConverter))]
    public string? VolumetricJson { get; init; }

    /// <summary>False while the bar is still forming; true when an event leaves it out (docs/events.md).</summary>
    /// <remarks>
    /// A setter, not <c>init</c>: System.Text.Json 8's source generator sets every init-only property through one object
    /// initializer, so a missing <c>is_closed</c> became false instead of keeping this default.
    /// </remarks>
    public bool IsClosed { get; set; } = true;

    /// <inheritdoc/>
    public override string EventType => EventTypes.Bar;
}
