namespace QuantowerRecorder.Storage.Records;

/// <summary>A bar series recorded for a run (one per symbol and timeframe).</summary>
public sealed record SeriesDefined : RecorderEvent
{
    /// <summary>Series id; see <see cref="Identity.Identities.SeriesId"/>.</summary>
    public required string SeriesId { get; init; }

    /// <summary>Required; missing or longer than 256 characters sends the event to quarantine.</summary>
    public required string Symbol { get; init; }

    /// <summary>Timeframe, e.g. "1m".</summary>
    public required string Timeframe { get; init; }

    /// <summary>Provider, connection or file.</summary>
    public string? SourceName { get; init; }

    /// <summary>Whether bars carry a volumetric payload.</summary>
    public bool HasVolumetric { get; init; }

    /// <inheritdoc/>
    public override string EventType => EventTypes.Series;
}
