namespace QuantowerRecorder.ReadModels;

/// <summary>
/// A forward run against a backtest of the same instance, as `recorder reconcile` computes it: matched, missed and
/// extra trades, and the PnL bridge whose parts add up to the difference of the two net PnLs (docs/metrics.md,
/// "Reconciliation"); null bridge when the trades are in more than one currency.
/// </summary>
public sealed record ReconciliationRecord(
    string ForwardRun,
    string BacktestRun,
    int Matched,
    int Missed,
    int Extra,
    ReconciliationBridgeRecord? Bridge,
    IReadOnlyList<string> Notes,
    IReadOnlyList<MatchedTradeRecord> Pairs);

/// <summary>From the backtest's net PnL to the forward run's, part by part.</summary>
public sealed record ReconciliationBridgeRecord(string? Currency, double BacktestNetPnl, double ForwardNetPnl, IReadOnlyDictionary<string, double> Parts);

/// <summary>A trade in both runs: the forward's entry and exit against the backtest's (seconds, price, net PnL).</summary>
public sealed record MatchedTradeRecord(
    string Symbol, string Side, string BacktestEntryUtc, double EntryTimeDifferenceS, double EntryPriceDifference,
    double ExitTimeDifferenceS, double ExitPriceDifference, double NetPnlDifference);
