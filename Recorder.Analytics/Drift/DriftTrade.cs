namespace QuantowerRecorder.Analytics.Drift;

/// <summary>One closed trade as the drift band reads it: its net PnL (currency) and the quantity it entered.</summary>
public readonly record struct DriftTrade(double NetPnl, double Quantity);
