using QuantowerRecorder.Cli.Metrics;
using QuantowerRecorder.Cli.Runs;

namespace QuantowerRecorder.Cli.Report;

/// <summary>Everything the report shows about one run.</summary>
internal sealed record ReportRun(
    RunRow Run,
    string Label,
    IReadOnlyList<MetricEntry> Metrics,
    IReadOnlyList<EquitySample> Equity,
    IReadOnlyList<TradeSample> Trades);

/// <summary>A point of run_equity.</summary>
internal sealed record EquitySample(DateTime TimeUtc, double Equity, double Drawdown, double? DrawdownPct);

/// <summary>A closed trade of run_trades.</summary>
internal sealed record TradeSample(long Number, string Side, double Quantity, string EntryUtc, string? ExitUtc, double EntryPrice,
    double? ExitPrice, double? NetPnl, double? RMultiple, string? ExitReason, string? EntryTag);
