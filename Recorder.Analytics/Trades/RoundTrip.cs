namespace QuantowerRecorder.Analytics;

/// <summary>
/// One closed round-trip trade. Money is in the instrument's currency (price × quantity × point value); times are UTC.
/// Definitions: docs/metrics.md, "Round-trip trades".
/// </summary>
public sealed record RoundTrip
{
    /// <summary>1-based number in exit order.</summary>
    public required int Number { get; init; }

    public required string Symbol { get; init; }

    public required string Account { get; init; }

    public required TradeSide Side { get; init; }

    /// <summary>Quantity entered (and exited), positive.</summary>
    public required double Quantity { get; init; }

    /// <summary>Time of the first entry fill.</summary>
    public required DateTime EntryTimeUtc { get; init; }

    /// <summary>Quantity-weighted average entry price.</summary>
    public required double EntryPrice { get; init; }

    /// <summary>Time of the fill that completed the exit.</summary>
    public required DateTime ExitTimeUtc { get; init; }

    /// <summary>Quantity-weighted average exit price.</summary>
    public required double ExitPrice { get; init; }

    /// <summary>PnL before fees: (exit − entry) × quantity × point value, sign-adjusted for shorts.</summary>
    public required double GrossPnl { get; init; }

    /// <summary>Fees apportioned to this trade (entry and exit), positive = paid.</summary>
    public required double Fees { get; init; }

    /// <summary>Gross PnL minus fees.</summary>
    public required double NetPnl { get; init; }

    /// <summary>Net PnL / entry notional (entry price × quantity × point value), in percent; null if the notional is 0.</summary>
    public required double? PnlPct { get; init; }

    /// <summary>Exit time minus entry time.</summary>
    public required TimeSpan HoldingTime { get; init; }

    /// <summary>Maximum adverse excursion in money (≤ 0): the worst open PnL while held, at the full quantity.</summary>
    public required double Mae { get; init; }

    /// <summary>Maximum favourable excursion in money (≥ 0): the best open PnL while held, at the full quantity.</summary>
    public required double Mfe { get; init; }

    /// <summary>Whether MAE/MFE came from bars or from fills.</summary>
    public required ExcursionSource ExcursionSource { get; init; }

    /// <summary>The orders whose fills opened the trade, in order of first fill.</summary>
    public required IReadOnlyList<string> EntryOrderIds { get; init; }

    /// <summary>The orders whose fills closed the trade, in order of first fill.</summary>
    public required IReadOnlyList<string> ExitOrderIds { get; init; }

    /// <summary>Client tag of the first entry order.</summary>
    public string? EntryTag { get; init; }

    /// <summary>Client tag of the order that completed the exit.</summary>
    public string? ExitTag { get; init; }

    /// <summary>From the OCO role of the order that completed the exit.</summary>
    public required ExitReason ExitReason { get; init; }

    /// <summary>Stop price of the stop-loss active at entry; null when not known.</summary>
    public double? InitialStop { get; init; }

    /// <summary>Net PnL / initial risk (|entry − initial stop| × quantity × point value); null without a valid stop.</summary>
    public double? RMultiple { get; init; }
}
