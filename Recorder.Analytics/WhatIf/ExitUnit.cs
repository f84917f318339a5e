namespace QuantowerRecorder.Analytics.WhatIf;

/// <summary>What an exit level's number means (docs/metrics.md, "What-if exits").</summary>
public enum ExitUnit
{
    /// <summary>Percent of the entry price: <c>1.5%</c>.</summary>
    Percent,

    /// <summary>Ticks of the instrument's tick size: <c>10t</c>.</summary>
    Ticks,

    /// <summary>Price points: <c>2pt</c>.</summary>
    Points,

    /// <summary>Multiples of ATR(14) of the bars before the entry's bar: <c>1.5atr</c>.</summary>
    Atr,
}
