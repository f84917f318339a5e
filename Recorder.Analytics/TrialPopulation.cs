namespace QuantowerRecorder.Analytics;

/// <summary>
/// The other runs a run's deflated Sharpe ratio is deflated against (docs/metrics.md, "Trials"): their annualised
/// Sharpe ratios, and in words which runs they are. The run's own Sharpe ratio joins them when it is analysed.
/// </summary>
public sealed record TrialPopulation(string Description, IReadOnlyList<double> OtherSharpes);
