namespace QuantowerRecorder.Analytics.Insight;

/// <summary>The result of <see cref="Reconciler.Reconcile"/>; lists are in backtest (matched, missed) or forward (extra) entry order.</summary>
public sealed record Reconciliation
{
    /// <summary>Pairs of trades found in both runs.</summary>
    public required IReadOnlyList<TradeMatch> Matched { get; init; }

    /// <summary>Backtest trades with no forward trade: the forward run missed them.</summary>
    public required IReadOnlyList<RoundTrip> Missed { get; init; }

    /// <summary>Forward trades with no backtest trade.</summary>
    public required IReadOnlyList<RoundTrip> Extra { get; init; }

    /// <summary>The PnL bridge; null when the trades are in more than one currency (a note says so).</summary>
    public required PnlBridge? Bridge { get; init; }

    /// <summary>Caveats (e.g. pairs without market prices, whose timing could not be separated from slippage).</summary>
    public required IReadOnlyList<string> Notes { get; init; }
}
