namespace QuantowerRecorder.Analytics.Study;

/// <summary>
/// The probability of backtest overfitting by combinatorially symmetric cross-validation (Bailey, Borwein,
/// López de Prado, Zhu 2015). Per split (numbered by the in-sample partitions' bitmask, ascending): the logit λ of the
/// out-of-sample relative rank of the pass best in sample, and that pass's annualised Sharpe in and out of sample.
/// </summary>
public sealed record BacktestOverfitting(
    int Partitions,
    int Splits,
    int Passes,
    int Periods,
    int PeriodsDropped,
    double Probability,
    IReadOnlyList<double> Logits,
    IReadOnlyList<double> InSampleSharpe,
    IReadOnlyList<double> OutOfSampleSharpe,
    double? DegradationSlope,
    double? DegradationIntercept,
    double ProbabilityOfLoss);
