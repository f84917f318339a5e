namespace QuantowerRecorder.Analytics.Insight;

/// <summary>How a bracketed trade ended (docs/metrics.md, "Brackets").</summary>
public enum BracketOutcome
{
    /// <summary>The take-profit filled (exit reason TP).</summary>
    Target,

    /// <summary>The stop-loss filled (exit reason SL), wherever it had been moved to.</summary>
    Stop,

    /// <summary>One order reversed the position (exit reason REVERSAL).</summary>
    Reversal,

    /// <summary>Closed by another order within the scratch distance of the entry.</summary>
    Scratch,

    /// <summary>Closed by another order (the trader, the strategy, a flattening) farther from the entry.</summary>
    Manual,
}
