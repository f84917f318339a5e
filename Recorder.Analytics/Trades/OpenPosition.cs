namespace QuantowerRecorder.Analytics;

/// <summary>
/// A position still open at the end of the run, per symbol and account. It is never counted as a closed trade.
/// Its whole PnL so far is <see cref="RealisedPnl"/> + <see cref="UnrealisedPnl"/> − <see cref="EntryFees"/>.
/// </summary>
public sealed record OpenPosition
{
    public required string Symbol { get; init; }

    public required string Account { get; init; }

    public required TradeSide Side { get; init; }

    /// <summary>Open quantity, positive.</summary>
    public required double Quantity { get; init; }

    /// <summary>Quantity-weighted average entry price of the open quantity.</summary>
    public required double AverageEntryPrice { get; init; }

    /// <summary>Time of the earliest entry still (partly) open.</summary>
    public required DateTime EntryTimeUtc { get; init; }

    /// <summary>The last bar close of the symbol, or its last fill price when it has no bars.</summary>
    public required double MarkPrice { get; init; }

    /// <summary>When the mark price was observed.</summary>
    public required DateTime MarkTimeUtc { get; init; }

    /// <summary>(mark − average entry) × quantity × point value, sign-adjusted for shorts.</summary>
    public required double UnrealisedPnl { get; init; }

    /// <summary>Net PnL already realised by partial exits of the still-open entries (their exit fees deducted).</summary>
    public required double RealisedPnl { get; init; }

    /// <summary>Entry fees of the still-open entries.</summary>
    public required double EntryFees { get; init; }
}
