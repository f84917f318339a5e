namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// A backtest trade and the forward trade matched to it. Differences are forward − backtest; the bridge parts are
/// money in the symbol's currency, positive = the forward run did better (docs/metrics.md, "Reconciliation").
/// </summary>
public sealed record TradeMatch
{
    public required RoundTrip Backtest { get; init; }

    public required RoundTrip Forward { get; init; }

    /// <summary>Forward entry time − backtest entry time.</summary>
    public TimeSpan EntryTimeDifference => Forward.EntryTimeUtc - Backtest.EntryTimeUtc;

    /// <summary>Forward exit time − backtest exit time.</summary>
    public TimeSpan ExitTimeDifference => Forward.ExitTimeUtc - Backtest.ExitTimeUtc;

    /// <summary>Forward entry price − backtest entry price.</summary>
    public double EntryPriceDifference => Forward.EntryPrice - Backtest.EntryPrice;

    /// <summary>Forward exit price − backtest exit price.</summary>
    public double ExitPriceDifference => Forward.ExitPrice - Backtest.ExitPrice;

    /// <summary>Forward net PnL − backtest net PnL.</summary>
    public double NetPnlDifference => Forward.NetPnl - Backtest.NetPnl;

    /// <summary>Each side's entry fill against the market at its own entry time, forward − backtest, as money.</summary>
    public required double EntrySlippage { get; init; }

    /// <summary>Each side's exit fill against the market at its own exit time, forward − backtest, as money.</summary>
    public required double ExitSlippage { get; init; }

    /// <summary>Backtest fees − forward fees.</summary>
    public required double Fees { get; init; }

    /// <summary>The market's move between the backtest's and the forward's entry and exit times, as money.</summary>
    public required double Timing { get; init; }

    /// <summary>What is left: the quantity (and point value) difference at the backtest's PnL per unit.</summary>
    public required double Rest { get; init; }

    /// <summary>Whether the market price was known at all four instants; when not, timing is 0 and slippage holds it.</summary>
    public required bool TimingKnown { get; init; }
}
