namespace QuantowerRecorder.Analytics.WhatIf;

/// <summary>
/// A grid simulated: its cells (stops × targets, row by row: every target of the first stop, then of the next), the
/// entries it kept and left out, how likely its best cell is luck, and what it had to assume.
/// </summary>
public sealed record WhatIfResult(
    WhatIfGrid Grid,
    IReadOnlyList<WhatIfCell> Cells,
    int Entries,
    int LeftOutBeforeBars,
    int LeftOutBeforeAtr,
    GridLuck Luck,
    IReadOnlyList<string> Assumptions)
{
    /// <summary>The period of the ATR that ATR multiples are of.</summary>
    public const int AtrPeriod = 14;
}
