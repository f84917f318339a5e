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

        var benchmark = DailyReturns.FromCloses(bars.Select(b => (b.TimeUtc, b.Close)), bars[0].Open).ToDictionary(d => d.Day, d => d.Value);
        var pairs = strategyReturns.Where(s => benchmark.ContainsKey(s.Day)).Select(s => (S: s.Value, B: benchmark[s.Day])).ToList();
        var (correlation, beta) = Relation(pairs);
        return new Benchmark(series.Symbol, ((bars[^1].Close / bars[0].Open) - 1) * 100, pairs.Count, correlation, beta);
    }

    /// <summary>
    /// The series a benchmark is computed for: per symbol, the first series given that has bars (the store gives them
    /// by series id).
    /// </summary>
    public static IReadOnlyList<BarSeries> PerSymbol(IEnumerable<BarSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return series.Where(b => b.Bars.Count > 0).DistinctBy(b => b.Symbol, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// What <paramref name="initialBalance"/> held in the symbol over the same bars is worth: the balance at the first
    /// bar's start, then balance × close / first open at each bar's end (its start plus the bar duration, or the next
    /// bar's start if that comes first). The last point is balance × (1 + return). Empty without bars or a positive
    /// first open.
    /// </summary>
    public static IReadOnlyList<BenchmarkPoint> Line(BarSeries series, double initialBalance)
    {
        ArgumentNullException.ThrowIfNull(series);
        var bars = series.Bars.OrderBy(b => b.TimeUtc).ToList();
        if (bars.Count == 0 || bars[0].Open <= 0)
        {
            return [];
        }

        var track = Inputs.BarTrack.Build(series);
        var line = new List<BenchmarkPoint>(track.Count + 1) { new(bars[0].TimeUtc, initialBalance) };
        for (var i = 0; i < track.Count; i++)
        {
            var point = new BenchmarkPoint(new DateTime(track.End[i], DateTimeKind.Utc), initialBalance * track.Close[i] / bars[0].Open);
            // A bar of no duration ends where it starts: one point per time, the later state wins.
            if (point.TimeUtc <= line[^1].TimeUtc)
            {
                line[^1] = line[^1] with { Value = point.Value };
            }
            else
            {
                line.Add(point);
            }
        }

        return line;
    }

    private static (double? Correlation, double? Beta) Relation(List<(double S, double B)> pairs)
    {
        if (pairs.Count < 2)
        {
            return (null, null);
        }

        var ms = pairs.Average(p => p.S);
        var mb = pairs.Average(p => p.B);
        var cov = pairs.Sum(p => (p.S - ms) * (p.B - mb));
        var vs = pairs.Sum(p => (p.S - ms) * (p.S - ms));
        var vb = pairs.Sum(p => (p.B - mb) * (p.B - mb));

        // The n − 1 divisors cancel in both ratios.
        double? beta = vb > 0 ? cov / vb : null;
        double? correlation = vb > 0 && vs > 0 ? cov / Math.Sqrt(vs * vb) : null;
        return (correlation, beta);
    }
}
