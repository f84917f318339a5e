namespace QuantowerRecorder.Demo;

/// <summary>
/// Deterministic synthetic hourly bars: a random walk whose drift swings slowly between up- and down-trends (so a
/// trend-following strategy has something to win and to lose), with volume and buy/sell (volumetric) split. The walk
/// moves <c>hourlyVolatility</c> (a share of the price, one standard deviation an hour); the largest hourly drift of its
/// swings is <c>trendShare</c> of that, so that a crossover's edge, returns and Sharpe ratios are of the size such
/// strategies show on real markets rather than those of a market that trends on cue.
/// </summary>
internal static class DemoMarket
{
    public static IReadOnlyList<DemoBar> Bars(ulong seed, DateTime startUtc, int count, double startPrice, TimeSpan barLength, double tickSize,
        double hourlyVolatility, double trendShare)
    {
        double Round(double price) => Math.Round(price / tickSize) * tickSize;
        var random = new SplitMix64(seed);
        var bars = new List<DemoBar>(count);
        var price = startPrice;
        var phase = random.NextDouble() * 2 * Math.PI;
        for (var i = 0; i < count; i++)
        {
            var drift = trendShare * hourlyVolatility * Math.Sin(phase + 2 * Math.PI * i / 260.0);
            var open = price;
            double high = open, low = open, close = open;
            // Four sub-steps per bar give the bar a path, hence a high and a low the brackets can touch.
            for (var step = 0; step < 4; step++)
            {
                close *= 1 + (drift / 4) + (hourlyVolatility / 2 * random.NextGaussian());
                high = Math.Max(high, close * (1 + (Wick * hourlyVolatility * random.NextDouble())));
                low = Math.Min(low, close * (1 - (Wick * hourlyVolatility * random.NextDouble())));
            }

            close = Round(close);
            high = Math.Max(Round(high), Math.Max(open, close));
            low = Math.Min(Round(low), Math.Min(open, close));
            var volume = Math.Round(40 + (160 * random.NextDouble()), 3);
            var buyShare = Math.Clamp(0.5 + (30 * (close - open) / open) + (0.05 * random.NextGaussian()), 0.05, 0.95);
            var buy = Math.Round(volume * buyShare, 3);
            var openUtc = startUtc + (barLength * i);
            bars.Add(new DemoBar(openUtc + barLength, openUtc, open, high, low, close, volume, buy, Math.Round(volume - buy, 3),
                (int)(volume * 7), Round(low + ((high - low) * (0.3 + (0.4 * random.NextDouble()))))));
            price = close;
        }

        return bars;
    }

    // How far a sub-step's trades reach beyond its price, as a share of the hourly volatility.
    private const double Wick = 0.23;
}

/// <summary>A bar of the synthetic market with its volumetric (order-flow) data; <see cref="TimeUtc"/> is its close.</summary>
internal sealed record DemoBar(DateTime TimeUtc, DateTime OpenUtc, double Open, double High, double Low, double Close,
    double Volume, double BuyVolume, double SellVolume, int Trades, double PointOfControl);
