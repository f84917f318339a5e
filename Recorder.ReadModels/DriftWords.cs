using System.Globalization;
using QuantowerRecorder.Analytics.Drift;

namespace QuantowerRecorder.ReadModels;

/// <summary>A drift verdict in one sentence, the same in the CLI, the report, the page and the plugin's warning.</summary>
public static class DriftWords
{
    public static string Summary(DriftRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Verdict is not { } v)
        {
            return (record.ForwardTrades == 0 ? "The forward run has no closed trade yet: no band to compare with."
                : "The backtest has no closed trade: no band to compare with.") + InSample(record);
        }

        var band = $"the {Whole(record.LowPercentile)}–{Whole(record.HighPercentile)} % band";
        var where = v.Position switch
        {
            DriftPosition.Below => $"Below {band} since trade {v.Since} of {record.ForwardTrades}",
            DriftPosition.Above => $"Above {band} since trade {v.Since} of {record.ForwardTrades}",
            _ => $"Inside {band} after {record.ForwardTrades} trade{(record.ForwardTrades == 1 ? "" : "s")}",
        };
        var drawdown = v.ForwardDrawdown > 0
            ? $"drawdown {Money(v.ForwardDrawdown, record.Currency)}, deeper than {Whole(v.DrawdownDeeperThan)} % of the backtest's"
            : "no drawdown";
        var lacks = DriftMinimums.All(record.ForwardTrades, record.BacktestTrades);
        var sure = lacks.Count > 0 ? $" Not to be trusted yet: {string.Join(" and ", lacks.Select(l => l.Text))}." : "";
        return $"{where}, at percentile {Whole(v.PnlPercentile)} of the resampled paths; {drawdown}.{sure}{InSample(record)}";
    }

    /// <summary>The plain warning of a band built from a backtest that ran over the forward run's own period.</summary>
    public static string InSample(DriftRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.InSample
            ? " In-sample: the backtest's period reaches past this run's first trade, so its band may be made of the very trades it judges" +
              (record.BacktestChosenBy == "named" ? "." : " (no backtest of this parameter set ended before it).")
            : "";
    }

    private static string Whole(double value) => Math.Round(value).ToString("0", CultureInfo.InvariantCulture);

    private static string Money(double value, string? currency) =>
        value.ToString("#,0.00", CultureInfo.InvariantCulture) + (currency is null ? "" : " " + currency);
}
