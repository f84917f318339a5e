namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// One order's implementation shortfall (docs/metrics.md, "Implementation shortfall"). Every part is money in the
/// symbol's currency, positive = a cost to the trader. A part that cannot be known is null, with its reason.
/// </summary>
public sealed record OrderShortfall
{
    public required string OrderId { get; init; }

    public required string Symbol { get; init; }

    public required Side Side { get; init; }

    /// <summary>The decision's quantity when marked, else the order's.</summary>
    public required double IntendedQuantity { get; init; }

    /// <summary>Σ the order's fills.</summary>
    public required double FilledQuantity { get; init; }

    /// <summary>The price the strategy saw at its decision; null without a decision mark.</summary>
    public double? DecisionPrice { get; init; }

    /// <summary>The market price at submission (last bar close ended by then); null when no bar had ended.</summary>
    public double? SubmissionPrice { get; init; }

    /// <summary>Quantity-weighted average fill price; null without fills.</summary>
    public double? AverageFillPrice { get; init; }

    /// <summary>The price the unfilled part is valued at (cancel time, else the run's last price); null with nothing unfilled.</summary>
    public double? EndPrice { get; init; }

    /// <summary>Decision → submission on the filled quantity.</summary>
    public double? Delay { get; init; }

    /// <summary>Why <see cref="Delay"/> is null.</summary>
    public string? DelayUnknownReason { get; init; }

    /// <summary>
    /// The price the fills are measured from: the stop (trigger) price of a stop or stop-limit, the limit price of a
    /// take-profit limit, else <see cref="SubmissionPrice"/>; null when that price is not known.
    /// </summary>
    public double? ExecutionReference { get; init; }

    /// <summary>Execution reference → fills; 0 without fills.</summary>
    public double? Execution { get; init; }

    /// <summary>Why <see cref="Execution"/> is null.</summary>
    public string? ExecutionUnknownReason { get; init; }

    /// <summary>Σ fees of the fills.</summary>
    public required double Fees { get; init; }

    /// <summary>What the unfilled quantity missed: its benchmark → the end price.</summary>
    public double? Opportunity { get; init; }

    /// <summary>Why <see cref="Opportunity"/> is null.</summary>
    public string? OpportunityUnknownReason { get; init; }

    /// <summary>
    /// Why the unfilled quantity is not an opportunity (its opportunity is then 0): an OCO-cancelled leg, or a
    /// protective leg whose position another order closed; null when it is one, or when nothing is unfilled.
    /// </summary>
    public string? OpportunityExcluded { get; init; }

    /// <summary>Whether the symbol's point value was not known and 1 was used (docs/metrics.md, "Conventions").</summary>
    public bool PointValueAssumed { get; init; }

    /// <summary>Σ of the known parts.</summary>
    public double Total => (Delay ?? 0) + (Execution ?? 0) + Fees + (Opportunity ?? 0);

    /// <summary>
    /// Whether delay, execution and opportunity are all known (fees always are), so <see cref="Total"/> is the whole
    /// shortfall rather than the sum of the known parts.
    /// </summary>
    public bool Complete => Delay.HasValue && Execution.HasValue && Opportunity.HasValue;
}
