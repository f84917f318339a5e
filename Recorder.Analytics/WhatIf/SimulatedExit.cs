namespace QuantowerRecorder.Analytics.WhatIf;

/// <summary>How one entry ended in one cell: the bar (−1 for none), the price, why, and whether a bar reached both levels.</summary>
internal readonly record struct SimulatedExit(int Bar, double Price, ExitKind Kind, BothLevels Both);

/// <summary>Whether the exit bar reached the stop and the target, and what decided which came first.</summary>
internal enum BothLevels
{
    No,

    /// <summary>A finer series of the run showed which level was reached first.</summary>
    OrderedByFinerSeries,

    /// <summary>Nothing in the data orders them: the stop is taken first (conservative).</summary>
    StopFirstAssumed,
}
