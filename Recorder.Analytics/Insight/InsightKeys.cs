namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// Keys of the run metrics (run_metrics_kv) the stored insight adds: implementation shortfall summed over the run's
/// orders (docs/metrics.md, "Implementation shortfall").
/// </summary>
public static class InsightKeys
{
    /// <summary>Every order of the run, each decomposed into its parts; never null.</summary>
    public const string ShortfallOrders = "shortfall_orders";

    /// <summary>Orders tied to a decision mark (their delay is known when a market price at submission is).</summary>
    public const string ShortfallDecisionOrders = "shortfall_decision_orders";

    /// <summary>Σ delay over the orders where it is known; null when none is.</summary>
    public const string ShortfallDelay = "shortfall_delay";

    /// <summary>Σ execution over the orders where it is known.</summary>
    public const string ShortfallExecution = "shortfall_execution";

    public const string ShortfallFees = "shortfall_fees";

    /// <summary>Σ opportunity over the orders where it is known.</summary>
    public const string ShortfallOpportunity = "shortfall_opportunity";

    /// <summary>Σ of every order's known parts.</summary>
    public const string ShortfallTotal = "shortfall_total";

    /// <summary>Orders whose every part is known.</summary>
    public const string ShortfallCompleteOrders = "shortfall_complete_orders";
}
