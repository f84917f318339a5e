using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Analysis;

namespace QuantowerRecorder.Cli.Analysis;

/// <summary>Analyses through Recorder.Storage's <see cref="RunAnalysisStore"/>, the same code the plugin runs at run end.</summary>
internal sealed class StoredRunAnalysis(TimeProvider time) : IRunAnalysisService
{
    public AnalysisSummary Analyze(SqliteConnection writable, string runId, bool trialFigures) =>
        AnalysisSummary.Of(runId, RunAnalysisStore.Analyze(writable, runId, time: time, trialFigures: trialFigures).Analysis);

    public void StoreTrialFigures(SqliteConnection writable, IReadOnlyCollection<string> runIds) =>
        RunAnalysisStore.StoreTrialFigures(writable, runIds);
}
