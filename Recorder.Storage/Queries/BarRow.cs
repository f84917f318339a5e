namespace QuantowerRecorder.Storage.Queries;

/// <summary>One bar of a series; <see cref="VolumetricJson"/> holds its volume analysis when recorded.</summary>
public sealed record BarRow
{
    public required string Symbol { get; init; }

    public required string Timeframe { get; init; }

    /// <summary>The bar's open time (ISO-8601 UTC text).</summary>
    public required string TsUtc { get; init; }

    public double Open { get; init; }

    public double High { get; init; }

    public double Low { get; init; }

    public double Close { get; init; }

    /// <summary>Volume, if known.</summary>
    public double? Volume { get; init; }

    /// <summary>Volume analysis (JSON), if recorded.</summary>
    public string? VolumetricJson { get; init; }
}
