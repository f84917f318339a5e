namespace QuantowerRecorder.Cli.Report;

/// <summary>A closed trade of run_trades.</summary>
internal sealed record TradeSample(long Number, string Side, double Quantity, string EntryUtc, string? ExitUtc, double EntryPrice,
    double? ExitPrice, double? NetPnl, double? RMultiple, string? ExitReason, string? EntryTag);
