using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// Figures by the what-if definitions (docs/metrics.md, "What-if exits"): net PnL and max drawdown in the symbol's
/// currency with open trades at the last close (<c>open</c> of the <c>trades</c>); win rate (%), profit factor and
/// average R of the closed trades.
/// </summary>
public sealed record WhatIfFiguresRecord(
    double NetPnl, int Trades, int Open, double? WinRate, double? ProfitFactor, double MaxDrawdown, double? AvgR);

/// <summary>
/// One cell of the grid: its stop and target (as the command line writes them; null for none), its figures, how its
/// trades ended, and the exit bars that reached both levels — ordered by a finer series, or stop first by assumption.
/// </summary>
public sealed record WhatIfCellRecord(
    string? Stop,
    string? Target,
    WhatIfFiguresRecord Figures,
    int StopExits,
    int TargetExits,
    int TrailingExits,
    int TimeExits,
    int BothOrderedByFinerSeries,
    int BothStopFirstAssumed);

/// <summary>
/// How likely the best cell is luck: PBO by CSCV over the cells (passes) with the entries as periods
/// (<c>partitions</c>, <c>splits</c>), and the deflated Sharpe of the best cell by net PnL (<c>best_cell</c>, an index
/// into <c>cells</c>) against the cells' per-trade Sharpe ratios (<c>trials</c>), its <c>threshold</c> the expected best
/// per-trade Sharpe of as many trials of noise. A figure the grid is too small for is null with its <c>not_enough</c>.
/// </summary>
public sealed record WhatIfLuckRecord(
    double? Pbo,
    int? Partitions,
    int? Splits,
    NotEnough? PboNotEnough,
    int? BestCell,
    double? DeflatedSharpe,
    double? Threshold,
    int Trials,
    NotEnough? DeflatedSharpeNotEnough);

/// <summary>
/// Where the run's own exits lie on the grid's axes, in the unit of the grid's first stop (target): the median distance
/// of its trades' initial stops (of its take-profit exits) from their entries; null when it had none (ATR: over the ATR(14) at its entry).
/// <c>stop_index</c> and <c>target_index</c> are the nearest rows and columns.
/// </summary>
public sealed record WhatIfActualExitsRecord(double? Stop, double? Target, int? StopIndex, int? TargetIndex);

/// <summary>
/// `recorder whatif` and /api/runs/{id}/whatif: a run's recorded entries re-exited over a grid of stops × targets on
/// its recorded bars (docs/metrics.md, "What-if exits"). <c>cells</c> go row by row (every target of the first stop,
/// then of the next); <c>actual</c> is the run's own trades by the same definitions; <c>assumptions</c> says in words
/// what the figures had to assume; <c>own_levels</c> is the cell nearest the run's own exits against its actual net PnL
/// (null when no cell is marked).
/// </summary>
public sealed record WhatIfRecord(
    string RunId,
    string Symbol,
    string? Currency,
    double PointValue,
    double? TickSize,
    string? Timeframe,
    int Bars,
    string? FinerTimeframe,
    int Entries,
    int LeftOutBeforeBars,
    int LeftOutBeforeAtr,
    int AtrPeriod,
    IReadOnlyList<string?> Stops,
    IReadOnlyList<string?> Targets,
    string? Trail,
    int? MaxBars,
    double FeePerContract,
    double StopSlippageTicks,
    double LimitSlippageTicks,
    double MarketSlippageTicks,
    IReadOnlyList<WhatIfCellRecord> Cells,
    WhatIfFiguresRecord Actual,
    WhatIfActualExitsRecord ActualExits,
    WhatIfLuckRecord Luck,
    IReadOnlyList<string> Assumptions,
    WhatIfOwnLevelsRecord? OwnLevels);
