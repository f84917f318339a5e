namespace QuantowerRecorder.Analytics.Study;

/// <summary>How a study is analysed; every default is the one docs/metrics.md ("Studies") describes.</summary>
public sealed record StudyOptions
{
    public static StudyOptions Default { get; } = new();

    /// <summary>True when a larger objective is better (profit, Sharpe); false for a drawdown.</summary>
    public bool HigherIsBetter { get; init; } = true;

    /// <summary>Neighbours k of the plateau score (the pass included); null = 2d + 1 for d varying numeric inputs.</summary>
    public int? PlateauNeighbours { get; init; }

    /// <summary>Most cells per axis of a surface, and most groups per input of the importance.</summary>
    public int Bins { get; init; } = 10;

    /// <summary>CSCV partitions S: even, 2 to 20 (C(20, 10) = 184,756 splits).</summary>
    public int Partitions { get; init; } = 16;

    /// <summary>Periods per year, to annualise Sharpe ratios (252 for daily returns).</summary>
    public int PeriodsPerYear { get; init; } = 252;
}
