using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Drift;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// The band after <c>k</c> forward trades (docs/metrics.md, "Drift"): the resampled paths' cumulative PnL percentiles
/// (<c>low</c>, <c>median</c>, <c>high</c>) and deepest-drawdown percentiles (<c>drawdown_median</c>,
/// <c>drawdown_high</c>), the forward run's own cumulative PnL and drawdown, and its <c>position</c>.
/// </summary>
public sealed record DriftPointRecord(
    int K, double Low, double Median, double High, double DrawdownMedian, double DrawdownHigh, double Forward, double ForwardDrawdown,
    DriftPosition Position);

/// <summary>
/// Where the forward run stands after its last trade: <c>position</c>, <c>since</c> (the first trade of the current
/// streak outside the band), <c>pnl_percentile</c> (% of paths ending below it, ties half) and
/// <c>drawdown_deeper_than</c> (% of paths whose deepest drawdown is shallower than <c>forward_drawdown</c>).
/// </summary>
public sealed record DriftVerdictRecord(DriftPosition Position, int? Since, double PnlPercentile, double ForwardDrawdown, double DrawdownDeeperThan);

/// <summary>
/// `recorder drift`, its report section and /api/runs/{id}/drift: a forward run against the seeded bootstrap band of
/// its backtest (docs/metrics.md, "Drift"). <c>backtest_chosen_by</c> is <c>named</c> or <c>latest</c> (the instance's
/// backtest that ended last before the forward run started, else its most recent ended one); <c>in_sample</c> is true when
/// the backtest ended after the forward run started (its band may hold the trades it judges); money in <c>currency</c>; <c>scale</c> multiplies the backtest's trades;
/// <c>summary</c> says the verdict in words; <c>not_enough</c> says when there are too few trades to trust it.
/// </summary>
public sealed record DriftRecord(
    string ForwardRun,
    string ForwardType,
    string BacktestRun,
    string BacktestChosenBy,
    bool InSample,
    string? InstanceName,
    string? Currency,
    double Scale,
    int ForwardTrades,
    int BacktestTrades,
    int Samples,
    ulong Seed,
    double LowPercentile,
    double HighPercentile,
    IReadOnlyList<DriftPointRecord> Band,
    DriftVerdictRecord? Verdict,
    NotEnough? NotEnough,
    string Summary);
