using QuantowerRecorder.Analytics.Inputs;

namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// The price the market showed at an instant: the close of the symbol's last bar that had ended by then (what a
/// strategy could have seen), the same rule as the market reference of execution quality.
/// </summary>
internal sealed class MarketPrices(IReadOnlyList<BarSeries> series, IndexedBars? indexed = null)
{
    private readonly Dictionary<string, BarTrack> tracks = IndexedBars.Of(series, indexed);

    public double? At(string symbol, DateTime timeUtc) =>
        this.tracks.TryGetValue(symbol, out var track) ? track.CloseEndedBy(timeUtc.Ticks) : null;

    /// <summary>The symbol's last close; null without bars.</summary>
    public double? Last(string symbol) => this.tracks.TryGetValue(symbol, out var track) ? track.Close[^1] : null;
}
