namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// From the backtest's net PnL to the forward run's: <see cref="ForwardNetPnl"/> − <see cref="BacktestNetPnl"/> =
/// the sum of <see cref="Parts"/> (docs/metrics.md, "PnL bridge"). Shaped for JSON as
/// <c>{backtest_net_pnl, forward_net_pnl, parts: {missed, extra, entry_slippage, exit_slippage, fees, timing, rest}}</c>.
/// </summary>
public sealed record PnlBridge(double BacktestNetPnl, double ForwardNetPnl, PnlBridgeParts Parts)
{
    /// <summary>Forward − backtest net PnL.</summary>
    public double Difference => ForwardNetPnl - BacktestNetPnl;
}

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
