namespace QuantowerRecorder.Analytics.Study;

/// <summary>
/// The probability of backtest overfitting by combinatorially symmetric cross-validation (Bailey, Borwein,
/// López de Prado, Zhu 2015), over <see cref="Passes"/> passes and <see cref="Periods"/> periods cut into
/// <see cref="Partitions"/> blocks of <see cref="BlockSize"/> (the oldest <see cref="OldestLeftOut"/> left out). Per
/// split (numbered by the in-sample partitions' bitmask, ascending): the logit λ of the out-of-sample relative rank of
/// the pass best in sample, and that pass's annualised Sharpe in and out of sample. When the study is too small
/// (<see cref="NotEnough"/>) the figures are null and the series empty.
/// </summary>
public sealed record BacktestOverfitting(
    int Partitions,
    int Passes,
    int Periods,
    int PeriodsDropped,
    int BlockSize,
    int OldestLeftOut,
    NotEnough? NotEnough,
    int Splits,
    double? Probability,
    IReadOnlyList<double> Logits,
    IReadOnlyList<double> InSampleSharpe,
    IReadOnlyList<double> OutOfSampleSharpe,
    double? DegradationSlope,
    double? DegradationIntercept,
    double? ProbabilityOfLoss);
