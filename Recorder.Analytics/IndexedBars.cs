using QuantowerRecorder.Analytics.Inputs;

namespace QuantowerRecorder.Analytics;

/// <summary>
/// A run's bars indexed per symbol as its analysis reads them (<see cref="StartedAnalysis.Bars"/>), for the insight's
/// shortfall (<see cref="Insight.ShortfallInput.Indexed"/>), which then does not index the same bars a second time: for a
/// run of 100,000 bars, a pass over every bar and about 8 MB of large arrays at each analysis. Read-only once built, so
/// parts computed on other threads share it.
/// </summary>
public sealed class IndexedBars
{
    internal IndexedBars(IReadOnlyList<BarSeries> source, Dictionary<string, BarTrack> tracks)
    {
        Source = source;
        Tracks = tracks;
    }

    /// <summary>The bars indexed: an index is used only for this very list.</summary>
    internal IReadOnlyList<BarSeries> Source { get; }

    internal Dictionary<string, BarTrack> Tracks { get; }

    /// <summary>The index of <paramref name="bars"/>: this one when it indexes that very list, else a new one.</summary>
    internal static Dictionary<string, BarTrack> Of(IReadOnlyList<BarSeries> bars, IndexedBars? indexed) =>
        indexed is not null && ReferenceEquals(indexed.Source, bars) ? indexed.Tracks : BarTrack.BuildAll(bars);
}
