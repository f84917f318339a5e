namespace QuantowerRecorder.Analytics;

/// <summary>
/// What the deflated Sharpe ratio needs of a run's daily series (docs/metrics.md, "Deflated Sharpe"), as its metrics
/// store it: the annualised Sharpe ratio (<c>sharpe</c>), the periods per year it was annualised with
/// (<c>periods_per_year</c>), the number of daily observations (<c>trading_days</c>), and the series' population
/// skewness and non-excess kurtosis (<c>skewness</c>, <c>kurtosis</c>).
/// </summary>
public sealed record SharpeMoments(double Sharpe, int PeriodsPerYear, int Observations, double Skewness, double Kurtosis);
