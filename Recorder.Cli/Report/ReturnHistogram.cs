using System.Globalization;

namespace QuantowerRecorder.Cli.Report;

/// <summary>
/// The distribution of daily returns (in %) of all runs on shared, round bins: one bar per run in each bin, bins
/// labelled at round edges. Presentation only: the returns come from Analytics' DailyReturns.
/// </summary>
internal static class ReturnHistogram
{
    private const int TargetBins = 24;
    private const int MaxLabels = 9;

    public static SlotChart? Build(IReadOnlyList<ReportRun> runs)
    {
        var values = runs.Select(r => r.Insight.DailyReturns.Select(d => d.Value * 100).ToList()).ToList();
        var all = values.SelectMany(v => v).ToList();
        if (all.Count == 0)
        {
            return null;
        }

        double min = all.Min(), max = all.Max();
        // Bins of 1, 2.5 or 5 × 10^k: two or four of them make a round label step (a 2 % bin would need five).
        var step = NiceScale.Step(max > min ? (max - min) / TargetBins : 0.1, [1.0, 2.5, 5.0, 10.0]);
        var first = (long)Math.Floor(min / step);
        var bins = (int)Math.Max(1, Math.Floor(max / step) - first + 1);
        // Several runs: each bin holds one slot per run and an empty slot that separates bins.
        var group = runs.Count == 1 ? 1 : runs.Count + 1;
        var series = new List<SlotSeries>();
        for (var r = 0; r < runs.Count; r++)
        {
            var counts = new int[bins];
            foreach (var v in values[r])
            {
                counts[Math.Clamp((int)(Math.Floor(v / step) - first), 0, bins - 1)]++;
            }

            series.Add(new SlotSeries(runs[r].Label, runs[r].Color, counts.Select((c, b) => ((b * group) + r, (double)c)).ToList()));
        }

        // Labels every k bins, k × step itself a round number (0.25 % bins labelled every 1 %, not every 1.25 %).
        var every = Enumerable.Range(1, bins).First(k => ((bins / k) + 1 <= MaxLabels && NiceScale.Step(k * step) == k * step) || k == bins);
        var labels = Enumerable.Range(0, bins + 1).Where(edge => (first + edge) % every == 0)
            .Select(edge => (At: (edge * group) - 0.5, Value: (first + edge) * step))
            .Select(l => (l.At, Label(Math.Abs(l.Value) < step / 2 ? 0 : l.Value))).ToList();
        return new SlotChart(bins * group, labels, series);
    }

    private static string Label(double percent) => percent.ToString("0.###", CultureInfo.InvariantCulture) + "%";
}
