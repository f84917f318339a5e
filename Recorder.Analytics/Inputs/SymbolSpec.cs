namespace QuantowerRecorder.Analytics;

/// <summary>Contract facts for one symbol (a row of <c>run_instruments</c>); null members fall back (docs/metrics.md).</summary>
public sealed record SymbolSpec
{
    /// <summary>Money per one unit of price per one unit of quantity (contract multiplier).</summary>
    public double? PointValue { get; init; }

    /// <summary>Smallest price increment; null when not known, and then slippage in ticks is null.</summary>
    public double? TickSize { get; init; }

    /// <summary>Money value of one tick for one unit of quantity.</summary>
    public double? TickValue { get; init; }

    /// <summary>The money unit of the symbol's amounts (its quoting currency); null when not known.</summary>
    public string? Currency { get; init; }

    /// <summary>The kind of instrument as the platform names it (CRYPTO, FUTURES, …): CRYPTO trades every day.</summary>
    public string? SymbolType { get; init; }
}
