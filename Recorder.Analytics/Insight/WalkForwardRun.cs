namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// One run of an instance for walk-forward: a backtest is in-sample, a forward (live, paper) run out-of-sample.
/// Its return is final / initial equity − 1 over [start, end).
/// </summary>
public sealed record WalkForwardRun(string RunId, bool InSample, DateTime StartUtc, DateTime EndUtc, double InitialEquity, double FinalEquity);
