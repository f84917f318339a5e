namespace QuantowerRecorder.Analytics.Study;

/// <summary>
/// The deflated Sharpe ratio of a pass against the study's own trials: <see cref="Trials"/> passes with a Sharpe
/// ratio and the sample variance of those (annualised) ratios; <see cref="Threshold"/> is SR₀ annualised.
/// </summary>
public sealed record StudyDeflatedSharpe(string PassId, double Sharpe, int Trials, double SharpeVariance, double Threshold, double? Probability);
