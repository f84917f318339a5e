namespace QuantowerRecorder.Storage.Queries;

/// <summary>Reads what the analysis stored: metrics, notes, the equity curve, and instances side by side.</summary>
public interface IPerformanceReader
{
    /// <summary>
    /// The run's metrics by key: run_metrics_kv, or for an older file whose metrics were written only to
    /// strategy_runs.metrics_json, those. Empty before analysis.
    /// </summary>
    IReadOnlyList<MetricValue> Metrics(string runId);

    /// <summary>What the run's analysis noted (docs/metrics.md, "notes").</summary>
    AnalysisNotes Notes(string runId);

    /// <summary>The distinct currencies the runs' symbols are in, sorted.</summary>
    IReadOnlyList<string> Currencies(IReadOnlyList<string> runIds);

    /// <summary>The run's equity curve with drawdown, in order.</summary>
    IReadOnlyList<EquityRow> Equity(string runId);

    /// <summary>Net PnL of the closed trades of these runs, pooled (instance trade statistics are computed from them).</summary>
    IReadOnlyList<double> ClosedTradePnl(IReadOnlyList<string> runIds);

    /// <summary>
    /// The metrics of several runs taken together (an instance over its runs; docs/metrics.md, "Instances"): "runs"
    /// first, then by <see cref="MetricCatalog"/>. Money that adds up is summed, trade statistics are those of the
    /// pooled closed trades (Analytics' TradeStatistics, the definition a run's own metrics use), drawdown-like risks
    /// take the worst run, the rest is the mean of runs. Runs in different currencies give null money figures.
    /// </summary>
    IReadOnlyList<MetricValue> Aggregate(IReadOnlyList<string> runIds);

    /// <summary>
    /// What the analysis reads of a run (its orders, fills, bars, instruments and start), as Recorder.Analytics takes
    /// it: for computations on runs the store does not keep, such as the reconciliation of a forward run with its
    /// backtest (docs/metrics.md, "Reconciliation").
    /// </summary>
    Analytics.RunInput AnalysisInput(string runId);

    /// <summary>
    /// The run's recorded bars as the analysis reads them (one series after another by series id, each in time order),
    /// without its orders and fills: for what needs only the market, such as buy-and-hold (<see cref="RunBenchmark"/>).
    /// </summary>
    IReadOnlyList<Analytics.BarSeries> AnalysisBars(string runId);

    /// <summary>
    /// The run's stored insight (docs/metrics.md, "Insight"): shortfall summary and per order, bracket outcomes, PnL by
    /// the delta sign at entry, and its instance's walk-forward. Null when the store's schema is older than version 6.
    /// </summary>
    Analysis.StoredInsight? Insight(string runId);
}
