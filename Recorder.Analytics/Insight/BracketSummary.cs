namespace QuantowerRecorder.Analytics.Insight;

/// <summary>Bracket results summed up: how trades ended, how often stops moved, placed versus got reward ÷ risk.</summary>
public sealed record BracketSummary(
    int Brackets,
    IReadOnlyDictionary<BracketOutcome, int> Outcomes,
    int StopMovedCount,
    double? AverageStopMoves,
    double? AveragePlacedRewardRisk,
    double? AverageGotRewardRisk,
    TimeSpan? AverageTimeToOutcome)
{
    /// <summary>
    /// Means are over the results where the figure is known; null when none is. A bracket without a stop has 0 stop moves
    /// and counts in their mean, as in the file's <c>v_bracket_outcomes</c> (docs/metrics.md).
    /// </summary>
    public static BracketSummary Of(IReadOnlyList<BracketResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var outcomes = Enum.GetValues<BracketOutcome>().ToDictionary(o => o, o => results.Count(r => r.Outcome == o));
        return new BracketSummary(
            results.Count,
            outcomes,
            results.Count(r => r.StopMoves > 0),
            results.Count > 0 ? results.Average(r => r.StopMoves) : null,
            Mean(results.Select(r => r.PlacedRewardRisk)),
            Mean(results.Select(r => r.GotRewardRisk)),
            results.Count > 0 ? TimeSpan.FromTicks((long)results.Average(r => r.TimeToOutcome.Ticks)) : null);
    }

    private static double? Mean(IEnumerable<double?> values)
    {
        var known = values.OfType<double>().ToList();
        return known.Count > 0 ? known.Average() : null;
    }
}
