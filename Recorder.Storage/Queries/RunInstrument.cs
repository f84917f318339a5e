namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// A symbol as a run met it: what money figures are computed with. A null <see cref="PointValue"/> means the figures
/// of this symbol assumed 1 (the run's notes say so).
/// </summary>
public sealed record RunInstrument
{
    public required string Symbol { get; init; }

    /// <summary>
    /// The smallest price step; null when the source gave none, or gave NaN, infinity or a value not above 0.
    /// </summary>
    public double? TickSize { get; init; }

    /// <summary>The money value of one tick per unit, in <see cref="Currency"/>.</summary>
    public double? TickValue { get; init; }

    /// <summary>Money per point of price per unit, in <see cref="Currency"/>.</summary>
    public double? PointValue { get; init; }

    /// <summary>Units of the underlying per lot; null under the same conditions as <see cref="TickSize"/>.</summary>
    public double? LotSize { get; init; }

    /// <summary>The currency the symbol's PnL is in.</summary>
    public string? Currency { get; init; }

    public string? AccountCurrency { get; init; }

    /// <summary>The kind of instrument (FUTURES, FOREX, …).</summary>
    public string? SymbolType { get; init; }

    public string? Exchange { get; init; }

    /// <summary>Expiry of a dated contract (ISO-8601 UTC text); null when the source gave none.</summary>
    public string? ExpirationUtc { get; init; }
}
