namespace QuantowerRecorder.Analytics;

/// <summary>Contract facts for one symbol; null members fall back to <see cref="RunContext"/>'s defaults.</summary>
public sealed record SymbolSpec
{
    /// <summary>Money per one unit of price per one unit of quantity (contract multiplier).</summary>
    public double? PointValue { get; init; }

    /// <summary>Smallest price increment.</summary>
    public double? TickSize { get; init; }

    /// <summary>Money value of one tick for one unit of quantity.</summary>
    public double? TickValue { get; init; }
}
