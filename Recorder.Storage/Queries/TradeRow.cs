namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// One round-trip trade of a run as its analysis stored it (docs/metrics.md), or a position still open at the run's
/// end (<see cref="IsOpen"/>, valued at <see cref="UnrealizedPnl"/>). Money in the symbol's currency.
/// </summary>
public sealed record TradeRow
{
    /// <summary>The trade's number in exit order.</summary>
    public long TradeNo { get; init; }

    public required string Symbol { get; init; }

    public string? AccountId { get; init; }

    /// <summary>LONG or SHORT.</summary>
    public required string Side { get; init; }

    /// <summary>Quantity entered and exited, positive; for an open position, the quantity still open.</summary>
    public double Quantity { get; init; }

    /// <summary>
    /// ISO-8601 UTC text of the first entry fill; for an open position, of its earliest entry still (partly) open.
    /// </summary>
    public required string EntryUtc { get; init; }

    /// <summary>When it closed (null while open).</summary>
    public string? ExitUtc { get; init; }

    /// <summary>Quantity-weighted average entry price; for an open position, that of the quantity still open.</summary>
    public double EntryPrice { get; init; }

    /// <summary>Quantity-weighted average exit price; null while open.</summary>
    public double? ExitPrice { get; init; }

    /// <summary>(exit − entry) × quantity × point value, sign-adjusted for shorts; null while open.</summary>
    public double? GrossPnl { get; init; }

    public double? Fees { get; init; }

    /// <summary>Gross PnL minus fees; null while open (see <see cref="UnrealizedPnl"/>).</summary>
    public double? NetPnl { get; init; }

    /// <summary>Net PnL as a percentage of the entry value.</summary>
    public double? PnlPercent { get; init; }

    /// <summary>Seconds from the first entry fill to the fill that completed the exit; null while open.</summary>
    public double? HoldingSeconds { get; init; }

    /// <summary>Maximum adverse excursion (money).</summary>
    public double? Mae { get; init; }

    /// <summary>Maximum favourable excursion (money).</summary>
    public double? Mfe { get; init; }

    /// <summary>What the excursions were measured on (BARS, FILLS, …).</summary>
    public string? ExcursionSource { get; init; }

    /// <summary>The orders that opened it (JSON array).</summary>
    public string? EntryOrderIds { get; init; }

    /// <summary>The orders that closed it (JSON array).</summary>
    public string? ExitOrderIds { get; init; }

    /// <summary>Client tag of the first entry order.</summary>
    public string? EntryTag { get; init; }

    /// <summary>Client tag of the order that completed the exit; null while open.</summary>
    public string? ExitTag { get; init; }

    /// <summary>Why it closed (STOP_LOSS, TAKE_PROFIT, …).</summary>
    public string? ExitReason { get; init; }

    /// <summary>Stop price of the stop-loss active at entry; null when none was known or while open.</summary>
    public double? InitialStop { get; init; }

    /// <summary>Net PnL in units of the initial risk.</summary>
    public double? RMultiple { get; init; }

    /// <summary>Whether this is a position still open at the run's end.</summary>
    public bool IsOpen { get; init; }

    /// <summary>An open position's PnL at the last price.</summary>
    public double? UnrealizedPnl { get; init; }
}
