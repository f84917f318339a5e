namespace QuantowerRecorder.Cli.Report;

/// <summary>A point of run_equity.</summary>
internal sealed record EquitySample(DateTime TimeUtc, double Equity, double Drawdown, double? DrawdownPct);
