using QuantowerRecorder.Cli.Metrics;

namespace QuantowerRecorder.Cli.Report;

/// <summary>What the HTML report is built from: the runs with their Insight figures, metrics side by side, reconciliations.</summary>
internal sealed record ReportModel(
    IReadOnlyList<ReportRun> Runs,
    Comparison Metrics,
    IReadOnlyList<ReportReconciliation> Reconciliations,
    string DatabaseName,
    DateTimeOffset GeneratedUtc)
{
    /// <summary>Each forward run against its instance's most recent backtest (docs/metrics.md, "Drift").</summary>
    public IReadOnlyList<ReportDrift> Drifts { get; init; } = [];

    /// <summary>The rolling Sharpe and volatility window, in daily returns.</summary>
    public int Window => ReportLoader.Window(Runs.Select(r => r.Insight.DailyReturns.Count));

    /// <summary>The currencies of the runs' amounts, for labelling them.</summary>
    public string CurrencyLabel
    {
        get
        {
            var known = Runs.Select(r => r.Currency).Where(c => c is not null).Distinct(StringComparer.Ordinal).ToList();
            return Runs.Any(r => r.Currency is null) ? (known.Count == 0 ? "the instruments' currency (not recorded)" : string.Join(", ", known) + " (some runs: not recorded)")
                : string.Join(", ", known);
        }
    }

    /// <summary>
    /// Calendar time only when every pair of runs shares most of its time; otherwise the lines would sit side by side
    /// (a backtest of Q1 next to a paper run in April) instead of being overlaid, so they share days since their start.
    /// </summary>
    public bool Calendar
    {
        get
        {
            var ranges = Runs.Where(r => r.Equity.Count > 0).Select(r => (Start: r.Equity[0].TimeUtc, End: r.Equity[^1].TimeUtc)).ToList();
            return ranges.All(a => ranges.All(b =>
            {
                var shared = (a.End < b.End ? a.End : b.End) - (a.Start > b.Start ? a.Start : b.Start);
                var shorter = Math.Min((a.End - a.Start).Ticks, (b.End - b.Start).Ticks);
                return shared.Ticks >= shorter / 2;
            }));
        }
    }
}
