namespace QuantowerRecorder.Analytics.Drift;

/// <summary>The drift bootstrap's choices; the defaults are the documented ones (docs/metrics.md, "Drift").</summary>
public sealed record DriftOptions
{
    public static DriftOptions Default { get; } = new();

    /// <summary>Seed of the resampling's generator (xoshiro256**). Same seed, same band.</summary>
    public ulong Seed { get; init; } = 20_240_601;

    /// <summary>Resampled paths. Default 2,000.</summary>
    public int Samples { get; init; } = 2000;

    /// <summary>The band's low percentile, as a fraction. Default 0.05.</summary>
    public double Low { get; init; } = 0.05;

    /// <summary>The band's high percentile, as a fraction. Default 0.95.</summary>
    public double High { get; init; } = 0.95;
}
