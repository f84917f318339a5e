namespace QuantowerRecorder.Analytics;

/// <summary>
/// The bars of one symbol (a <c>run_series</c> with its <c>bars</c>), in any order. When a run has several series
/// for one symbol, the analyser uses the one with the most bars.
/// </summary>
public sealed record BarSeries(string Symbol, IReadOnlyList<Bar> Bars)
{
    /// <summary>
    /// How long one bar lasts. When null it is taken as the smallest gap between two consecutive bars; a bar ends
    /// at its start plus that duration or at the next bar's start, whichever comes first.
    /// </summary>
    public TimeSpan? BarDuration { get; init; }

    /// <summary>
    /// Which stored series these bars are, when they come from a store: the equity points marked on them say so
    /// (<see cref="EquityMarks"/>), so the store can keep such a stride as a reference to the bars.
    /// </summary>
    public string? Key { get; init; }
}
