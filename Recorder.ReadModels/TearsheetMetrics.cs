using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Insight;
using QuantowerRecorder.Analytics.Metrics;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// The runs' metrics side by side as `compare --all` ranks them (<see cref="Comparison"/>), with the Calmar ratio
/// from two of them after the drawdown rows, and for each missing figure why its run is too short or too small.
/// </summary>
public static class TearsheetMetrics
{
    /// <summary>From the runs' metrics, currencies and analysis notes already read (<see cref="TearsheetRun"/>).</summary>
    public static TearsheetMetricsRecord Of(IReadOnlyList<TearsheetRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var subjects = runs.Select(r => new Subject(false, r.Detail.Run.RunId, r.Detail.Run.RunId, [r.Detail.Run.RunId])).ToList();
        var comparison = WithCalmar(Comparison.Build(subjects, runs.Select(r => r.Currencies).ToList(), runs.Select(r => r.Detail.Metrics).ToList(), allMetrics: true));
        var notes = runs.Select(r => r.Detail.Notes.Notes).ToList();
        var rows = comparison.Rows.Select(row => new MetricRowRecord(row.Key, row.Unit, row.Values, row.Best,
            row.Values.Select((v, i) => v is null ? AnnualisedPeriod.StoredReason(notes[i], row.Key == CalmarRatio.Key ? MetricKeys.Cagr : row.Key) : null).ToList())).ToList();
        return new TearsheetMetricsRecord(rows, comparison.Notes);
    }

    private static Comparison WithCalmar(Comparison comparison)
    {
        var rows = comparison.Rows.ToList();
        var cagr = rows.FirstOrDefault(r => r.Key == MetricKeys.Cagr);
        var depth = rows.FirstOrDefault(r => r.Key == MetricKeys.MaxDrawdownPct);
        if (cagr is null || depth is null)
        {
            return comparison;
        }

        var values = cagr.Values.Select((c, i) => CalmarRatio.Of(c, depth.Values[i])).ToList();
        var present = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        IReadOnlyList<int> best = present.Count >= 2 ? values.Select((v, i) => (v, i)).Where(p => p.v == present.Max()).Select(p => p.i).ToList() : [];
        rows.Insert(rows.IndexOf(depth) + 1, new ComparisonRow(CalmarRatio.Key, MetricUnits.Ratio, values, best));
        return comparison with { Rows = rows };
    }
}
