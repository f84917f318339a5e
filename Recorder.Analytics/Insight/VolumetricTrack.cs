using QuantowerRecorder.Analytics.Inputs;

namespace QuantowerRecorder.Analytics.Insight;

/// <summary>One symbol's volumetric bars in time order, with each bar's end and its day's cumulative delta.</summary>
internal sealed class VolumetricTrack
{
    private readonly VolumetricBar[] bars;
    private readonly long[] start;
    private readonly long[] end;
    private readonly double?[] cumulative;

    public VolumetricTrack(VolumetricSeries series)
    {
        // Of two bars with the same time the later one given wins, as for price bars.
        this.bars = [.. BarTrack.LatestPerTime(series.Bars, b => b.TimeUtc)];
        this.start = this.bars.Select(b => b.TimeUtc.Ticks).ToArray();
        this.end = BarTrack.Ends(this.start, series.BarDuration);
        this.cumulative = new double?[this.bars.Length];
        double? sum = 0;
        for (var i = 0; i < this.bars.Length; i++)
        {
            if (i == 0 || this.bars[i].TimeUtc.Date != this.bars[i - 1].TimeUtc.Date)
            {
                sum = 0; // resets at the start of each UTC day
            }

            // A bar without a delta leaves the rest of its day unknown rather than silently short.
            sum = sum is { } s && this.bars[i].Delta is { } d ? s + d : null;
            this.cumulative[i] = sum;
        }
    }

    public int Count => this.bars.Length;

    /// <summary>The bar containing the instant (start ≤ t &lt; end), described for a fill at <paramref name="price"/>.</summary>
    public OrderFlowSnapshot? At(DateTime timeUtc, double price, double? tickSize)
    {
        var i = BarTrack.LastAtOrBefore(this.start, timeUtc.Ticks);
        if (i < 0 || timeUtc.Ticks >= this.end[i])
        {
            return null;
        }

        var bar = this.bars[i];
        double? distance = bar.Poc is { } poc && tickSize is > 0 ? (price - poc) / tickSize.Value : null;
        double? imbalance = bar.BuyVolume is { } buy && bar.SellVolume is { } sell && buy + sell > 0 ? (buy - sell) / (buy + sell) : null;
        return new OrderFlowSnapshot(bar.TimeUtc, bar.Delta, this.cumulative[i], distance, imbalance);
    }
}
