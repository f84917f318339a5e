using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Analysis;

namespace QuantowerRecorder.Cli.Analysis;

/// <summary>Analyses through Recorder.Storage's <see cref="RunAnalysisStore"/>, the same code the plugin runs at run end.</summary>
internal sealed class StoredRunAnalysis : IRunAnalysisService
{
    private readonly TimeProvider time;

    public StoredRunAnalysis(TimeProvider time) => this.time = time;

    public AnalysisSummary Analyze(SqliteConnection writable, string runId)
    {
        var analysis = RunAnalysisStore.Analyze(writable, runId, time: time).Analysis;
        return new AnalysisSummary(runId, analysis.Trades.Count, analysis.OpenPositions.Count, analysis.Equity.Count,
            analysis.Metrics.Count, analysis.Value(MetricKeys.NetPnl));
    }
}
