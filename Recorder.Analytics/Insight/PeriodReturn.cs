namespace QuantowerRecorder.Analytics.Insight;

/// <summary>The return of one calendar month (or, with <see cref="Month"/> null, one year), as a fraction; null when unknown.</summary>
public sealed record PeriodReturn(int Year, int? Month, double? Return);
