using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Cli.Analysis;

/// <summary>
/// The seam `analyze` and `demo` compute a run's analytics through: load the run, analyse it, replace its derived
/// rows (run_trades, run_equity, run_order_quality, run_metrics_kv, strategy_runs.metrics_json).
/// </summary>
internal interface IRunAnalysisService
{
    /// <summary>
    /// Analyses one run on a writable connection and stores the results; with <paramref name="trialFigures"/>, the
    /// deflated Sharpe figures of the runs whose trials include it as well.
    /// </summary>
    AnalysisSummary Analyze(SqliteConnection writable, string runId, bool trialFigures);

    /// <summary>Stores the deflated Sharpe figures of every run whose trials include one of <paramref name="runIds"/>.</summary>
    void StoreTrialFigures(SqliteConnection writable, IReadOnlyCollection<string> runIds);
}
