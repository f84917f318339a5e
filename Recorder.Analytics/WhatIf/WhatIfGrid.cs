namespace QuantowerRecorder.Analytics.WhatIf;

/// <summary>
/// The exits to try: every stop with every target (a null level means none on that side), with the same trailing
/// stop and time exit in every cell.
/// </summary>
/// <param name="Stops">Stop distances; [null] for no fixed stop.</param>
/// <param name="Targets">Target distances; [null] for no target.</param>
/// <param name="Trail">A trailing stop's distance from the best price since entry; null for none.</param>
/// <param name="MaxBars">Close at the close of the N-th bar after the entry's bar; null for no time exit.</param>
public sealed record WhatIfGrid(IReadOnlyList<ExitLevel?> Stops, IReadOnlyList<ExitLevel?> Targets, ExitLevel? Trail = null, int? MaxBars = null)
{
    /// <summary>
    /// The grid the report and the page show when none is asked for: stops of 0.5 to 3 and targets of 1 to 4 ATR(14)
    /// multiples, so that it fits any instrument's prices and volatility, 25 cells (enough for PBO).
    /// </summary>
    public static WhatIfGrid Default { get; } = new(
        new[] { "0.5atr", "1atr", "1.5atr", "2atr", "3atr" }.Select(t => (ExitLevel?)ExitLevel.Parse(t)).ToList(),
        new[] { "1atr", "1.5atr", "2atr", "3atr", "4atr" }.Select(t => (ExitLevel?)ExitLevel.Parse(t)).ToList());

    /// <summary>Most cells of a grid: 20 × 20.</summary>
    public const int MaxCells = 400;

    /// <summary>Whether some level is in ATR multiples (entries need 14 bars before them).</summary>
    public bool UsesAtr => Stops.Concat(Targets).Append(Trail).Any(l => l?.Unit == ExitUnit.Atr);

    /// <summary>Whether some level is in ticks (the instrument needs a tick size).</summary>
    public bool UsesTicks => Stops.Concat(Targets).Append(Trail).Any(l => l?.Unit == ExitUnit.Ticks);
}
