using System.Text.Json;

namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// From the backtest's net PnL to the forward run's: <see cref="ForwardNetPnl"/> − <see cref="BacktestNetPnl"/> =
/// the sum of <see cref="Parts"/> (docs/metrics.md, "Reconciliation").
/// </summary>
public sealed record PnlBridge(double BacktestNetPnl, double ForwardNetPnl, PnlBridgeParts Parts)
{
    /// <summary>The currency of every amount; null when the instruments did not say.</summary>
    public string? Currency { get; init; }

    /// <summary>Forward − backtest net PnL.</summary>
    public double Difference => ForwardNetPnl - BacktestNetPnl;

    /// <summary>
    /// <c>{"backtest_net_pnl": …, "forward_net_pnl": …, "currency": …, "parts": {"missed", "extra", "entry_slippage",
    /// "exit_slippage", "fees", "timing", "rest"}}</c>, numbers in invariant form (round-trippable doubles).
    /// </summary>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        backtest_net_pnl = BacktestNetPnl,
        forward_net_pnl = ForwardNetPnl,
        currency = Currency,
        parts = new
        {
            missed = Parts.Missed,
            extra = Parts.Extra,
            entry_slippage = Parts.EntrySlippage,
            exit_slippage = Parts.ExitSlippage,
            fees = Parts.Fees,
            timing = Parts.Timing,
            rest = Parts.Rest,
        },
    });
}
