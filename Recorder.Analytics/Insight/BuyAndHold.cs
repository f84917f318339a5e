namespace QuantowerRecorder.Analytics.Insight;

/// <summary>Buy-and-hold of one symbol's bars as a benchmark for the strategy's daily returns.</summary>
public static class BuyAndHold
{
    /// <summary>
    /// Return = last close / first open − 1; daily returns = a UTC day's last close / the previous day's last close
    /// − 1 (the first day against the first open), a bar belonging to the day of its open. Correlation (Pearson) and
    /// beta = cov(strategy, benchmark) / var(benchmark) over the days both series have. Null without bars.
    /// </summary>
    public static Benchmark? Compute(BarSeries series, IReadOnlyList<DailyValue> strategyReturns)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(strategyReturns);
        var bars = series.Bars.OrderBy(b => b.TimeUtc).ToList();
        if (bars.Count == 0 || bars[0].Open <= 0)
        {
            return null;
        }

        var closes = new SortedDictionary<DateOnly, double>();
        foreach (var bar in bars)
        {
            closes[DateOnly.FromDateTime(bar.TimeUtc)] = bar.Close;
        }

        var benchmark = DailyReturns.FromCloses(closes, bars[0].Open).ToDictionary(d => d.Day, d => d.Value);
        var pairs = strategyReturns.Where(s => benchmark.ContainsKey(s.Day)).Select(s => (S: s.Value, B: benchmark[s.Day])).ToList();
        var (correlation, beta) = Relation(pairs);
        return new Benchmark(series.Symbol, ((bars[^1].Close / bars[0].Open) - 1) * 100, pairs.Count, correlation, beta);
    }

    private static (double? Correlation, double? Beta) Relation(List<(double S, double B)> pairs)
    {
        if (pairs.Count < 2)
        {
            return (null, null);
        }

        var ms = pairs.Average(p => p.S);
        var mb = pairs.Average(p => p.B);
        double cov = 0, vs = 0, vb = 0;
        foreach (var (s, b) in pairs)
        {
            cov += (s - ms) * (b - mb);
            vs += (s - ms) * (s - ms);
            vb += (b - mb) * (b - mb);
        }

        // The n − 1 divisors cancel in both ratios.
        double? beta = vb > 0 ? cov / vb : null;
        double? correlation = vb > 0 && vs > 0 ? cov / Math.Sqrt(vs * vb) : null;
        return (correlation, beta);
    }
}
