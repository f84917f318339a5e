namespace QuantowerRecorder.Storage.Records;

/// <summary>
/// A bar of a series, keyed by (series_id, open time). Updates of a forming bar collapse to its newest state.
/// <see cref="RecorderEvent.EventUtc"/> is when the update happened; <see cref="OpenUtc"/> is the bar's own time.
/// </summary>
public sealed record BarRecorded : RecorderEvent
{
    /// <summary>The series.</summary>
    public required string SeriesId { get; init; }

    /// <summary>The bar's open time (UTC).</summary>
    public required DateTime OpenUtc { get; init; }

    /// <summary>Open.</summary>
    public required double Open { get; init; }

    /// <summary>High.</summary>
    public required double High { get; init; }

    /// <summary>Low.</summary>
    public required double Low { get; init; }

    /// <summary>Close.</summary>
    public required double Close { get; init; }

    /// <summary>Volume; NaN or infinite is stored as NULL.</summary>
    public double? Volume { get; init; }

    /// <summary>Volumetric payload (delta, buy/sell volume, trades, POC, …) as JSON.</summary>
    public string? VolumetricJson { get; init; }

    /// <summary>False while the bar is still forming.</summary>
    public bool IsClosed { get; init; } = true;

    /// <inheritdoc/>
    public override string EventType => EventTypes.Bar;
}
