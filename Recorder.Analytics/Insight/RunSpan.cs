namespace QuantowerRecorder.Analytics.Insight;

/// <summary>A run's identity and period, to choose the backtest that goes with a forward run.</summary>
public sealed record RunSpan(string RunId, DateTime StartUtc, DateTime EndUtc);
