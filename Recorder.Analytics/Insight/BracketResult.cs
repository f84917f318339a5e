namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// A bracketed trade's outcome and what happened to its bracket. Ratios are in price: reward ÷ initial risk.
/// </summary>
public sealed record BracketResult
{
    public required int TradeNumber { get; init; }

    public required BracketOutcome Outcome { get; init; }

    /// <summary>The stop-loss order, if the bracket had one.</summary>
    public string? StopOrderId { get; init; }

    /// <summary>The take-profit order, if the bracket had one.</summary>
    public string? TargetOrderId { get; init; }

    /// <summary>The stop's first price.</summary>
    public double? InitialStop { get; init; }

    /// <summary>The stop's last price by the exit.</summary>
    public double? FinalStop { get; init; }

    /// <summary>The take-profit's price.</summary>
    public double? Target { get; init; }

    /// <summary>How many times the stop price changed by the exit.</summary>
    public required int StopMoves { get; init; }

    /// <summary>(Final − initial stop) in the trade's favour, in ticks; null without a stop or a tick size.</summary>
    public double? StopMovedTicks { get; init; }

    /// <summary>From the trade's first entry fill to the fill that completed its exit.</summary>
    public required TimeSpan TimeToOutcome { get; init; }

    /// <summary>|target − entry| ÷ |entry − initial stop|; null without both.</summary>
    public double? PlacedRewardRisk { get; init; }

    /// <summary>(exit − entry) in the trade's favour ÷ |entry − initial stop|; null without a stop.</summary>
    public double? GotRewardRisk { get; init; }
}
