using QuantowerRecorder.Analytics.Insight;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// The tearsheet of one run or several overlaid, as GET /api/tearsheet/?runs=… gives it and `recorder report` saves
/// it: each run's Insight figures (docs/metrics.md, "Insight"), the metrics side by side, the shared bins of the daily
/// return histogram and each forward run's reconciliation with a backtest among the runs. Equity, buy-and-hold,
/// trades, what-if, drift and journal are the run's own records (GET /api/runs/{id}/…), as the run view reads them.
/// </summary>
/// <param name="Window">The rolling Sharpe and volatility window, in daily returns (the same for every run).</param>
/// <param name="Calendar">Whether the runs share the calendar; else they are overlaid by days since each one's start.</param>
/// <param name="UnderwaterInPercent">Whether drawdowns are drawn in % (every run's initial balance known) or money.</param>
public sealed record TearsheetRecord(
    IReadOnlyList<TearsheetRunRecord> Runs,
    int Window,
    bool Calendar,
    bool UnderwaterInPercent,
    string CurrencyLabel,
    TearsheetMetricsRecord Metrics,
    ReturnHistogramRecord? Histogram,
    IReadOnlyList<ReconciliationRecord> Reconciliations);

/// <summary>One run's figures: its label and colour on every chart, and what Analytics' Insight derives from its stored equity and trades.</summary>
public sealed record TearsheetRunRecord(
    string RunId,
    string Label,
    string Colour,
    string? Currency,
    IReadOnlyList<string> Warnings,
    int ClosedTrades,
    int DailyReturns,
    IReadOnlyList<RollingRecord> Rolling,
    IReadOnlyList<DrawdownEpisodeRecord> WorstDrawdowns,
    IReadOnlyList<PeriodReturn> Monthly,
    IReadOnlyList<PeriodReturn> Annual,
    IReadOnlyList<BreakdownRecord> Breakdowns,
    IReadOnlyList<ExcursionRecord> Excursions);

/// <summary>Rolling Sharpe and annualised volatility (%) over the window ending on <paramref name="Day"/> (yyyy-MM-dd, UTC).</summary>
public sealed record RollingRecord(string Day, double? Sharpe, double? VolatilityPct);

/// <summary>One drawdown episode: from the last point at the peak to the first back at it (null: not recovered); depth in money and %.</summary>
public sealed record DrawdownEpisodeRecord(string StartUtc, string ValleyUtc, string? RecoveryUtc, double Depth, double? DepthPct, double LengthDays);

/// <summary>Closed trades grouped one way (hour, weekday, side, symbol, entry tag, exit reason).</summary>
public sealed record BreakdownRecord(string Title, IReadOnlyList<BreakdownRow> Rows);

/// <summary>A closed trade's worst and best open PnL (money).</summary>
public sealed record ExcursionRecord(int TradeNo, double Mae, double Mfe);

/// <summary>
/// The daily returns of all runs (in %) on shared bins: bin b covers [(First + b) × Step, (First + b + 1) × Step);
/// <see cref="Counts"/> holds each run's count per bin; an edge is labelled every <see cref="LabelEvery"/> bins.
/// </summary>
public sealed record ReturnHistogramRecord(double Step, long First, int Bins, int LabelEvery, IReadOnlyList<IReadOnlyList<int>> Counts);

/// <summary>Every stored metric side by side (Calmar after the drawdown rows), as `compare --all` lists them.</summary>
public sealed record TearsheetMetricsRecord(IReadOnlyList<MetricRowRecord> Rows, IReadOnlyList<string> Notes);

/// <summary>
/// One metric across the runs: values in the runs' order, the indexes of the best (none for counts and costs) and,
/// for a null value, why the run is too short or too small for it (from its analysis' notes).
/// </summary>
public sealed record MetricRowRecord(string Key, string? Unit, IReadOnlyList<double?> Values, IReadOnlyList<int> Best, IReadOnlyList<string?> NotEnough);
