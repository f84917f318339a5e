using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// A run's deflated Sharpe ratio as its trials stand now (docs/metrics.md, "Trials"), from stored metrics: which runs
/// the trials are (<see cref="Population"/>, in words; <see cref="StudyId"/> when they are a study's passes), the
/// <see cref="Trials"/> of them with a Sharpe ratio (one per parameter set, the run included), the variance of their
/// annualised Sharpe ratios, the run's own Sharpe on its daily returns (<see cref="Observations"/> of them, annualised
/// with <see cref="PeriodsPerYear"/>), SR₀ annualised (<see cref="Threshold"/>) and the ratio itself. A null ratio says
/// why: <see cref="NotEnough"/> with fewer than 2 trials, else <see cref="Reason"/>.
/// </summary>
public sealed record RunDeflatedSharpe(
    string RunId,
    string Population,
    string? StudyId,
    IReadOnlyList<string> TrialRunIds,
    int Trials,
    double? SharpeVariance,
    double? Sharpe,
    int? PeriodsPerYear,
    int? Observations,
    double? Threshold,
    double? Probability,
    NotEnough? NotEnough,
    string? Reason);
