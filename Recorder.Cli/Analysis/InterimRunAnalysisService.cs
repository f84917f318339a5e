using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Cli.Analysis;

/// <summary>
/// WIRING: interim implementation. The lead is writing Recorder.Storage/Analysis/RunAnalysisStore, which loads a run
/// into a RunInput and stores the results; when it lands, this class becomes one line,
/// <c>RunAnalysisStore.Analyze(writable, runId)</c>, and <see cref="RunInputLoader"/> and
/// <see cref="AnalysisWriter"/> are deleted. Until then this keeps `analyze` and `demo` working end to end.
/// </summary>
internal sealed class InterimRunAnalysisService : IRunAnalysisService
{
    public AnalysisSummary Analyze(SqliteConnection writable, string runId)
    {
        var input = RunInputLoader.Load(writable, runId);
        var analysis = RunAnalyzer.Analyze(input);
        AnalysisWriter.Store(writable, runId, analysis);
        return new AnalysisSummary(runId, analysis.Trades.Count, analysis.OpenPositions.Count, analysis.Equity.Count,
            analysis.Metrics.Count, analysis.Value(MetricKeys.NetPnl));
    }
}
