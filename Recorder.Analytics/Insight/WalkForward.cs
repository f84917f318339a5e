namespace QuantowerRecorder.Analytics.Insight;

/// <summary>Walk-forward efficiency of an instance's runs (docs/metrics.md, "Walk-forward efficiency").</summary>
public static class WalkForward
{
    private const double DaysPerYear = 365.25;

    /// <summary>
    /// Runs are taken by start time (then run id); each segment is consecutive in-sample runs followed by the
    /// out-of-sample runs up to the next in-sample run. Overall joins the runs of every segment that has both.
    /// </summary>
    public static WalkForwardResult Evaluate(IReadOnlyList<WalkForwardRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var ordered = runs.OrderBy(r => r.StartUtc).ThenBy(r => r.RunId, StringComparer.Ordinal).ToList();
        var groups = new List<(List<WalkForwardRun> Is, List<WalkForwardRun> Oos)>();
        foreach (var run in ordered)
        {
            if (groups.Count == 0 || (run.InSample && groups[^1].Oos.Count > 0))
            {
                groups.Add(([], []));
            }

            (run.InSample ? groups[^1].Is : groups[^1].Oos).Add(run);
        }

        var segments = groups.Select(g => Segment(g.Is, g.Oos)).ToList();
        var complete = groups.Where(g => g.Is.Count > 0 && g.Oos.Count > 0).ToList();
        var overall = Segment(complete.SelectMany(g => g.Is).ToList(), complete.SelectMany(g => g.Oos).ToList());
        return new WalkForwardResult(segments, overall);
    }

    private static WalkForwardSegment Segment(List<WalkForwardRun> inSample, List<WalkForwardRun> outOfSample)
    {
        var (isReturn, isAnnual, isWhy) = Annualise(inSample, "in-sample");
        var (oosReturn, oosAnnual, oosWhy) = Annualise(outOfSample, "out-of-sample");
        string? reason = isWhy ?? oosWhy;
        double? efficiency = null;
        if (reason is null)
        {
            if (isAnnual <= 0)
            {
                // A ratio to a loss or to nothing says nothing: a negative OOS over a negative IS would look good.
                reason = "the in-sample annualised return is not positive";
            }
            else
            {
                efficiency = oosAnnual / isAnnual;
            }
        }

        return new WalkForwardSegment(
            inSample.Select(r => r.RunId).ToList(),
            outOfSample.Select(r => r.RunId).ToList(),
            isReturn,
            isAnnual,
            oosReturn,
            oosAnnual,
            efficiency,
            reason);
    }

    // Compounded return over the runs and its annualised rate over their summed length (calendar days / 365.25).
    private static (double? Return, double? Annualised, string? Why) Annualise(List<WalkForwardRun> runs, string name)
    {
        if (runs.Count == 0)
        {
            return (null, null, $"no {name} run");
        }

        double growth = 1, days = 0;
        foreach (var run in runs)
        {
            if (!(run.InitialEquity > 0) || !double.IsFinite(run.FinalEquity))
            {
                return (null, null, $"{name} run {run.RunId} has no positive initial equity");
            }

            growth *= Math.Max(0, run.FinalEquity / run.InitialEquity);
            days += (run.EndUtc - run.StartUtc).TotalDays;
        }

        if (!(days > 0))
        {
            return (growth - 1, null, $"the {name} runs have zero length");
        }

        // Everything lost annualises to −100 %, whatever the length.
        var annualised = growth > 0 ? Math.Pow(growth, DaysPerYear / days) - 1 : -1;
        return double.IsFinite(annualised)
            ? (growth - 1, annualised, null)
            : (growth - 1, null, $"the {name} annualised return overflows (a large return over a very short time)");
    }
}
