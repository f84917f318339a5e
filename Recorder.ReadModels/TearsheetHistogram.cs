using QuantowerRecorder.Analytics.Insight;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// The daily returns (in %) of all runs on shared, round bins — 1, 2.5 or 5 × 10^k wide, about 24 of them — with
/// edges labelled every few bins at round values (0.25 % bins labelled every 1 %). The returns are Analytics'
/// DailyReturns; only their binning is decided here, so that the page and the saved report draw the same bars.
/// </summary>
public static class TearsheetHistogram
{
    private const int TargetBins = 24;
    private const int MaxLabels = 9;

    public static ReturnHistogramRecord? Of(IReadOnlyList<IReadOnlyList<DailyValue>> runs)
    {
        var values = runs.Select(r => r.Select(d => d.Value * 100).ToList()).ToList();
        var all = values.SelectMany(v => v).ToList();
        if (all.Count == 0)
        {
            return null;
        }

        double min = all.Min(), max = all.Max();
        // Two or four bins of 1, 2.5 or 5 × 10^k make a round label step (a 2 % bin would need five).
        var step = Step(max > min ? (max - min) / TargetBins : 0.1, [1.0, 2.5, 5.0, 10.0]);
        var first = (long)Math.Floor(min / step);
        var bins = (int)Math.Max(1, Math.Floor(max / step) - first + 1);
        var counts = values.Select(run =>
        {
            var c = new int[bins];
            foreach (var v in run)
            {
                c[Math.Clamp((int)(Math.Floor(v / step) - first), 0, bins - 1)]++;
            }

            return (IReadOnlyList<int>)c;
        }).ToList();
        var every = Enumerable.Range(1, bins).First(k => ((bins / k) + 1 <= MaxLabels && Step(k * step, [1.0, 2.0, 2.5, 5.0, 10.0]) == k * step) || k == bins);
        return new ReturnHistogramRecord(step, first, bins, every, counts);
    }

    /// <summary>The smallest step ≥ <paramref name="raw"/> among the mantissas (the last one 10) × 10^k.</summary>
    private static double Step(double raw, double[] mantissas)
    {
        if (!(raw > 0) || !double.IsFinite(raw))
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        // Rounded so that a step that is already round comes back equal to itself.
        return mantissas.Select(m => Math.Round(m * magnitude, 12)).First(s => s >= raw * (1 - 1e-12));
    }
}
