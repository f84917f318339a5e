namespace QuantowerRecorder.Analytics.Insight;

/// <summary>A trade's order flow at entry and at exit; null where no volumetric bar contains the instant.</summary>
public sealed record TradeOrderFlow(int TradeNumber, OrderFlowSnapshot? Entry, OrderFlowSnapshot? Exit);
