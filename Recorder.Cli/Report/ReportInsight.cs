using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Insight;

namespace QuantowerRecorder.Cli.Report;

/// <summary>
/// A run's tearsheet figures, each from Analytics' Insight (docs/metrics.md, "Insight"): nothing is computed here or
/// in the HTML builder, only handed over.
/// </summary>
internal sealed record ReportInsight(
    IReadOnlyList<DailyValue> DailyReturns,
    IReadOnlyList<RollingPoint> Rolling,
    IReadOnlyList<DrawdownEpisode> WorstDrawdowns,
    IReadOnlyList<PeriodReturn> Monthly,
    IReadOnlyList<PeriodReturn> Annual,
    IReadOnlyList<(string Title, IReadOnlyList<BreakdownRow> Rows)> Breakdowns,
    IReadOnlyList<TradeExcursion> Excursions)
{
    /// <summary>How many worst drawdowns the report lists.</summary>
    public const int WorstCount = 5;

    public static ReportInsight Of(IReadOnlyList<EquityPoint> equity, IReadOnlyList<Trade> trades, IReadOnlyList<DailyValue> daily, int window, int periodsPerYear)
    {
        // Percent depths only when the stored curve has them: they are null when the initial balance is unknown.
        var knownBalance = equity.Count > 0 && equity.All(p => p.DrawdownPct is not null);
        return new ReportInsight(
            daily,
            daily.Count >= window ? RollingStats.Compute(daily, window, periodsPerYear) : [],
            DrawdownEpisodes.Worst(equity, WorstCount, knownBalance),
            PeriodReturns.Monthly(equity),
            PeriodReturns.Annual(equity),
            [
                ("Hour of day (UTC, entry)", TradeBreakdowns.ByHourOfDay(trades)),
                ("Day of week (UTC, entry)", TradeBreakdowns.ByDayOfWeek(trades)),
                ("Long / short", TradeBreakdowns.BySide(trades)),
                ("Symbol", TradeBreakdowns.BySymbol(trades)),
                ("Entry tag", TradeBreakdowns.ByEntryTag(trades)),
                ("Exit reason", TradeBreakdowns.ByExitReason(trades)),
            ],
            TradeExcursion.Of(trades));
    }
}
