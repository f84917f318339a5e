namespace QuantowerRecorder.Analytics.Drift;

/// <summary>
/// A forward run against its backtest's bootstrap band (docs/metrics.md, "Drift"). <see cref="Scale"/> multiplies each
/// backtest trade's net PnL: the forward run's median entry quantity over the backtest's. <see cref="Band"/> has one
/// point per forward trade (k = 1…n); <see cref="Verdict"/> is null when the forward run has no closed trade or the
/// backtest none to resample. <see cref="NotEnough"/> says when there are too few trades to trust the verdict.
/// </summary>
public sealed record DriftResult(
    double Scale,
    int BacktestTrades,
    int ForwardTrades,
    int Samples,
    ulong Seed,
    double LowPercentile,
    double HighPercentile,
    IReadOnlyList<DriftPoint> Band,
    DriftVerdict? Verdict,
    NotEnough? NotEnough);
