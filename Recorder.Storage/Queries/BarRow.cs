namespace QuantowerRecorder.Storage.Queries;

/// <summary>One bar of a series; <see cref="VolumetricJson"/> holds its volume analysis when recorded.</summary>
public sealed record BarRow
{
    /// <summary>The symbol.</summary>
    public required string Symbol { get; init; }

    /// <summary>The timeframe.</summary>
    public required string Timeframe { get; init; }

    /// <summary>The bar's open time (ISO-8601 UTC text).</summary>
    public required string TsUtc { get; init; }

    /// <summary>Open.</summary>
    public double Open { get; init; }

    /// <summary>High.</summary>
    public double High { get; init; }

    /// <summary>Low.</summary>
    public double Low { get; init; }

    /// <summary>Close.</summary>
    public double Close { get; init; }

    /// <summary>Volume, if known.</summary>
    public double? Volume { get; init; }

    /// <summary>Volume analysis (JSON), if recorded.</summary>
    public string? VolumetricJson { get; init; }
}
