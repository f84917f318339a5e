namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// Closed trades that share one value of a breakdown's key. A win is net PnL &gt; 0. Money in the symbol's currency.
/// </summary>
public sealed record BreakdownRow(string Key, int Trades, int Wins, double? WinRate, double NetPnl, double? AverageNetPnl, double GrossPnl, double Fees);
