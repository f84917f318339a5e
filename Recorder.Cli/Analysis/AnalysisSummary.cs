using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Cli.Analysis;

/// <summary>What analysing one run produced: `analyze --json` writes it as it is (counts named <c>*_count</c>, as a run's are).</summary>
internal sealed record AnalysisSummary(string RunId, int TradeCount, int OpenPositionCount, int EquityPointCount, int MetricCount, double? NetPnl)
{
    public static AnalysisSummary Of(string runId, RunAnalysis analysis) => new(runId, analysis.Trades.Count, analysis.OpenPositions.Count,
        analysis.Equity.Count, analysis.Metrics.Count, analysis.Value(MetricKeys.NetPnl));

    /// <summary>
    /// Analyses the runs, then <paramref name="again"/> once every run has its Sharpe stored, reporting progress over
    /// both; the summaries of <paramref name="runIds"/>, in their order, from their last analysis.
    /// </summary>
    public static IReadOnlyList<AnalysisSummary> All(IReadOnlyList<string> runIds, IReadOnlyList<string> again,
        Func<string, AnalysisSummary> analyze, IProgress<(long Done, long Total)> progress)
    {
        var total = runIds.Count + again.Count;
        var summaries = new Dictionary<string, AnalysisSummary>(StringComparer.Ordinal);
        var done = 0;
        foreach (var runId in runIds.Concat(again))
        {
            summaries[runId] = analyze(runId);
            progress.Report((++done, total));
        }

        return runIds.Select(id => summaries[id]).ToList();
    }
}
