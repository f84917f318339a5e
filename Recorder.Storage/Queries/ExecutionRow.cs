namespace QuantowerRecorder.Storage.Queries;

/// <summary>One fill of a run. Price per unit; the fee in <see cref="FeeCurrency"/>.</summary>
public sealed record ExecutionRow
{
    public required string ExecutionId { get; init; }

    public required string OrderId { get; init; }

    /// <summary>When it happened (ISO-8601 UTC text).</summary>
    public required string ExecUtc { get; init; }

    public string? Symbol { get; init; }

    public string? AccountId { get; init; }

    /// <summary>BUY or SELL.</summary>
    public string? Side { get; init; }

    /// <summary>
    /// This fill's quantity, not the order's cumulative one; positive (the recorder quarantines others).
    /// </summary>
    public double Quantity { get; init; }

    public double Price { get; init; }

    /// <summary>The fee, if known.</summary>
    public double? Fee { get; init; }

    public string? FeeCurrency { get; init; }

    /// <summary>MAKER, TAKER or null.</summary>
    public string? Liquidity { get; init; }

    /// <summary>OPEN, CLOSE, REVERSE or UNKNOWN.</summary>
    public required string PositionImpact { get; init; }
}
