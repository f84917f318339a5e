namespace QuantowerRecorder.Analytics.Insight;

/// <summary>The parts of a <see cref="PnlBridge"/>, money, positive = the forward run did better.</summary>
public sealed record PnlBridgeParts(
    double Missed,
    double Extra,
    double EntrySlippage,
    double ExitSlippage,
    double Fees,
    double Timing,
    double Rest)
{
    /// <summary>The sum of all parts, in the order listed.</summary>
    public double Sum => Missed + Extra + EntrySlippage + ExitSlippage + Fees + Timing + Rest;
}
