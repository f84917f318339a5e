namespace QuantowerRecorder.Analytics.WhatIf;

/// <summary>
/// One cell of the grid: its levels, its figures, how its trades ended, and how many exit bars reached both levels
/// (ordered by a finer series, or stop first by assumption).
/// </summary>
public sealed record WhatIfCell(
    ExitLevel? Stop,
    ExitLevel? Target,
    WhatIfFigures Figures,
    int StopExits,
    int TargetExits,
    int TrailingExits,
    int TimeExits,
    int BothOrderedByFinerSeries,
    int BothStopFirstAssumed,
    double? SharpePerTrade);
