namespace QuantowerRecorder.Storage.Queries;

/// <summary>The newest recorded state of one order of a run, with its first OCO group.</summary>
public sealed record OrderRow
{
    public required string OrderId { get; init; }

    /// <summary>The order it belongs to (a bracket's entry), if any.</summary>
    public string? ParentOrderId { get; init; }

    /// <summary>What it trades.</summary>
    public required string Symbol { get; init; }

    public string? AccountId { get; init; }

    /// <summary>BUY or SELL.</summary>
    public required string Side { get; init; }

    /// <summary>MARKET, LIMIT, STOP, STOP_LIMIT, … as stored.</summary>
    public required string OrderType { get; init; }

    /// <summary>Time in force.</summary>
    public string? Tif { get; init; }

    /// <summary>Units ordered.</summary>
    public double Quantity { get; init; }

    /// <summary>Limit price.</summary>
    public double? Price { get; init; }

    /// <summary>Stop (trigger) price.</summary>
    public double? StopPrice { get; init; }

    /// <summary>Its newest status.</summary>
    public required string Status { get; init; }

    /// <summary>When it was submitted.</summary>
    public required string SubmitUtc { get; init; }

    /// <summary>When its newest state was recorded.</summary>
    public string? UpdateUtc { get; init; }

    /// <summary>Units filled so far.</summary>
    public double? FilledQuantity { get; init; }

    /// <summary>Average fill price so far.</summary>
    public double? AvgFillPrice { get; init; }

    /// <summary>The strategy's tag or comment.</summary>
    public string? ClientTag { get; init; }

    /// <summary>OPEN, CLOSE, REVERSE or UNKNOWN.</summary>
    public required string PositionImpact { get; init; }

    /// <summary>The first OCO group it was linked to, if any (<see cref="ITradingReader.OcoGroups"/> has them all).</summary>
    public string? OcoGroupId { get; init; }

    /// <summary>Its role in that group (ENTRY, STOP_LOSS, TAKE_PROFIT, …).</summary>
    public string? OcoRole { get; init; }
}
