using QuantowerRecorder.Analytics.Insight;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>What a run's analysis stored as insight, read back for display (docs/metrics.md, "Insight").</summary>
/// <param name="RunId">The run.</param>
/// <param name="Analyzed">Whether the run was analysed since the file had schema version 6 (insight exists).</param>
/// <param name="Currency">The currency of the run's amounts; "MIXED" or null as in v_runs.</param>
/// <param name="Shortfall">The run's shortfall sums; the money sums are null for a run in several currencies.</param>
/// <param name="Orders">Each order's shortfall, by submission.</param>
/// <param name="Brackets">Bracket outcomes (v_bracket_outcomes).</param>
/// <param name="DeltaSplit">PnL by the sign of the entry bar's delta (v_pnl_by_entry_delta).</param>
/// <param name="WalkForward">The instance's walk-forward, when it has backtests followed by forward runs; else null.</param>
/// <param name="BuyAndHold">Buy-and-hold of each recorded symbol's bars against the run's daily returns (docs/metrics.md,
/// "Buy-and-hold benchmark"), by symbol; empty without bars.</param>
public sealed record StoredInsight(
    string RunId,
    bool Analyzed,
    string? Currency,
    ShortfallSummary Shortfall,
    IReadOnlyList<StoredOrderShortfall> Orders,
    IReadOnlyList<StoredBracketOutcome> Brackets,
    IReadOnlyList<StoredDeltaSplit> DeltaSplit,
    WalkForwardResult? WalkForward,
    IReadOnlyList<Benchmark> BuyAndHold);

/// <summary>One row of run_order_shortfall.</summary>
public sealed record StoredOrderShortfall(
    string OrderId, string Symbol, string Side, string? DecisionId, double? DecisionPrice, double? SubmissionPrice,
    double? AverageFillPrice, double IntendedQuantity, double FilledQuantity, double? Delay, string? DelayUnknown,
    double? Execution, double Fees, double? Opportunity, double Total, bool Complete);

/// <summary>One row of v_bracket_outcomes.</summary>
public sealed record StoredBracketOutcome(
    string Outcome, long Trades, long StopMoved, double? AverageStopMoves, double? AveragePlacedRewardRisk,
    double? AverageGotRewardRisk, double? AverageTimeToOutcomeSeconds, double? NetPnl);

/// <summary>One row of v_pnl_by_entry_delta.</summary>
public sealed record StoredDeltaSplit(string Sign, long Trades, long Wins, double? NetPnl, double? AverageNetPnl);
