namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// In-sample runs followed by out-of-sample runs, their compounded and annualised returns (fractions) and the
/// walk-forward efficiency; null members could not be computed, <see cref="Reason"/> says why.
/// </summary>
public sealed record WalkForwardSegment(
    IReadOnlyList<string> InSampleRuns,
    IReadOnlyList<string> OutOfSampleRuns,
    double? InSampleReturn,
    double? InSampleAnnualised,
    double? OutOfSampleReturn,
    double? OutOfSampleAnnualised,
    double? Efficiency,
    string? Reason);
