namespace QuantowerRecorder.Analytics.WhatIf;

/// <summary>
/// What the simulation prices exits with, for one symbol: its bars, a finer series that may order a bar reaching both
/// levels, the contract's point value and tick size, the run's fee per contract and its measured slippage in ticks
/// (positive = worse for the trader). <see cref="Assumptions"/> says in words what had to be assumed (no fees, no
/// slippage, point value 1), and every output shows it.
/// </summary>
public sealed record WhatIfMarket
{
    /// <summary>The series the exits are simulated on, in time order, stamped by open time.</summary>
    public required IReadOnlyList<Bar> Bars { get; init; }

    /// <summary>A series of shorter bars of the same symbol, in time order; empty when the run has none.</summary>
    public IReadOnlyList<Bar> FinerBars { get; init; } = [];

    public required double PointValue { get; init; }

    /// <summary>Null when not known: ticks as a unit and slippage in ticks cannot then be used.</summary>
    public double? TickSize { get; init; }

    /// <summary>Money per contract the run paid per fill (its fees over its filled quantity); charged on each simulated exit.</summary>
    public double FeePerContract { get; init; }

    /// <summary>The run's average slippage of stop fills, ticks: applied to stop and trailing-stop exits.</summary>
    public double StopSlippageTicks { get; init; }

    /// <summary>The run's average slippage of limit fills, ticks: applied to target exits.</summary>
    public double LimitSlippageTicks { get; init; }

    /// <summary>The run's average slippage of market fills, ticks: applied to time exits.</summary>
    public double MarketSlippageTicks { get; init; }

    public IReadOnlyList<string> Assumptions { get; init; } = [];
}
