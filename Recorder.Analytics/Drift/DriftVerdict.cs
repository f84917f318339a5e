namespace QuantowerRecorder.Analytics.Drift;

/// <summary>
/// Where the forward run stands after its last trade (docs/metrics.md, "Drift"). <see cref="Since"/>: the first trade
/// of the current streak outside the band (null when inside). <see cref="PnlPercentile"/>: the share (%) of resampled
/// paths whose cumulative PnL after as many trades is below the forward run's, ties counted half.
/// <see cref="DrawdownDeeperThan"/>: the share (%) of resampled paths whose deepest drawdown over as many trades is
/// shallower than the forward run's.
/// </summary>
public sealed record DriftVerdict(
    DriftPosition Position,
    int? Since,
    double PnlPercentile,
    double ForwardDrawdown,
    double DrawdownDeeperThan);
