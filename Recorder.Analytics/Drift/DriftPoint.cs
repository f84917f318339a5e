namespace QuantowerRecorder.Analytics.Drift;

/// <summary>
/// The band after <see cref="K"/> trades: percentiles of the resampled paths' cumulative PnL (<see cref="Low"/>,
/// <see cref="Median"/>, <see cref="High"/>) and of their deepest drawdown so far (<see cref="DrawdownMedian"/>,
/// <see cref="DrawdownHigh"/> at the band's high percentile); the forward run's own cumulative PnL and deepest
/// drawdown after its first k trades, and where it lies. Money in the runs' currency.
/// </summary>
public sealed record DriftPoint(
    int K,
    double Low,
    double Median,
    double High,
    double DrawdownMedian,
    double DrawdownHigh,
    double Forward,
    double ForwardDrawdown,
    DriftPosition Position);
