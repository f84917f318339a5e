namespace QuantowerRecorder.ReadModels;

/// <summary>
/// The rule the plateau pick follows (docs/metrics.md, "Studies"), for the outputs to say beside the pick: the best
/// plateau score among the passes whose own objective is at least as good as their score; a pass worse than the mean
/// around it is a valley between better passes, however high its score.
/// </summary>
public static class StudyPlateauRule
{
    /// <summary>The rule in words, for an objective named <paramref name="objective"/>.</summary>
    public static string Text(string objective) =>
        $"the pick is the best plateau score among the passes whose own {objective} is at least as good as their score: " +
        "a pass worse than the mean around it is a valley between better passes, not a plateau";

    /// <summary>The pass with the best score of those the rule left out that score better than the pick; null when none does.</summary>
    public static StudyPassRecord? BetterScoreLeftOut(StudyRecord study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var sign = study.HigherIsBetter ? 1 : -1;
        var pick = study.Passes.FirstOrDefault(p => p.PlateauPick);
        if (pick?.PlateauScore is not { } picked)
        {
            return null;
        }

        return study.Passes
            .Where(p => p.PlateauScore is { } score && p.Objective is { } own && sign * (score - picked) > 0 && sign * (own - score) < 0)
            .OrderByDescending(p => sign * p.PlateauScore!.Value)
            .FirstOrDefault();
    }
}
