using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Insight;
using QuantowerRecorder.Cli.Metrics;

namespace QuantowerRecorder.Cli.Report;

/// <summary>The metrics side by side as `compare --all` shows them, with the Calmar ratio after the drawdown rows.</summary>
internal static class ReportMetrics
{
    public static Comparison WithCalmar(Comparison comparison)
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
