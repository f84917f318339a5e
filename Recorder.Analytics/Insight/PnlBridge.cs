using System.Text;
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
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteNumber("backtest_net_pnl", BacktestNetPnl);
            writer.WriteNumber("forward_net_pnl", ForwardNetPnl);
            if (Currency is null)
            {
                writer.WriteNull("currency");
            }
            else
            {
                writer.WriteString("currency", Currency);
            }

            writer.WriteStartObject("parts");
            writer.WriteNumber("missed", Parts.Missed);
            writer.WriteNumber("extra", Parts.Extra);
            writer.WriteNumber("entry_slippage", Parts.EntrySlippage);
            writer.WriteNumber("exit_slippage", Parts.ExitSlippage);
            writer.WriteNumber("fees", Parts.Fees);
            writer.WriteNumber("timing", Parts.Timing);
            writer.WriteNumber("rest", Parts.Rest);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
