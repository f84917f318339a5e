namespace QuantowerRecorder.Analytics.WhatIf;

/// <summary>
/// One trade as the what-if figures count it: its net PnL in currency (an open one valued at the last close), its
/// R multiple when it had a stop, and whether it was still open.
/// </summary>
public readonly record struct TradeOutcome(double NetPnl, double? RMultiple, bool Open);
