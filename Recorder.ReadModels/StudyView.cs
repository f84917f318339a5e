using QuantowerRecorder.Analytics.Study;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// Studies as the contract shows them, for `recorder studies` / `study` and /api/studies alike: one computation, so
/// the command and the API give the same figures.
/// </summary>
public static class StudyView
{
    /// <summary>Every study with its best pass by its own objective.</summary>
    public static IReadOnlyList<StudySummaryRecord> List(IRecorderReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.Studies.List().Select(s => Summary(StudyLoader.Load(reader, s, returns: false))).ToList();
    }

    /// <summary>
    /// One study judged by <paramref name="objective"/> (else its own, else Sharpe); the heatmap over
    /// <paramref name="x"/> and <paramref name="y"/> when given, else over its two most important inputs. Throws
    /// <see cref="ArgumentException"/> for an unknown objective or input.
    /// </summary>
    public static StudyRecord Detail(IRecorderReader reader, StudyInfo study, string? objective = null, string? x = null, string? y = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Detail(reader, StudyLoader.Load(reader, study, objective), study, x, y);
    }

    /// <summary>The same, from a study's passes already loaded (a caller that needs them for more than the record).</summary>
    public static StudyRecord Detail(IRecorderReader reader, StudyData data, StudyInfo study, string? x = null, string? y = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(study);
        foreach (var name in new[] { x, y }.OfType<string>())
        {
            if (!data.Parameters.Contains(name, StringComparer.Ordinal))
            {
                throw new ArgumentException($"'{name}' is not an input that varies in study '{study.Name}'; its inputs: {string.Join(", ", data.Parameters)}.");
            }
        }

        var result = StudyAnalysis.Analyze(data.AnalysisPasses, data.Options);
        var plateau = result.Plateau.ToDictionary(p => p.PassId, StringComparer.Ordinal);
        var passes = data.Passes
            .Select(p => new StudyPassRecord(p.Member.RunId, p.Member.InstanceId, p.Member.Status,
                p.Parameters.ToDictionary(kv => kv.Key, kv => (object?)kv.Value.Number ?? kv.Value.Text, StringComparer.Ordinal),
                p.Objective, p.Metrics, plateau.GetValueOrDefault(p.Member.RunId)?.Score, plateau.GetValueOrDefault(p.Member.RunId)?.Neighbours,
                plateau.GetValueOrDefault(p.Member.RunId)?.WorstNeighbour,
                p.Member.RunId == result.BestPassId, p.Member.RunId == result.PlateauPickId))
            .OrderBy(p => p.Objective is null ? 1 : 0)
            .ThenBy(p => (data.HigherIsBetter ? -1 : 1) * (p.Objective ?? 0))
            .ThenBy(p => p.RunId, StringComparer.Ordinal)
            .ToList();
        var pair = Pair(data, result, x, y);
        var heatmap = pair is { } xy && result.PassesWithObjective > 0
            ? StudyAnalysis.Surface(data.AnalysisPasses, xy.X, xy.Y, data.Options)
            : null;
        var pbo = result.Overfitting is { } o
            ? new StudyOverfittingRecord(Period(data.Period), o.Partitions, o.BlockSize, o.OldestLeftOut, o.Splits, o.Passes, o.Periods,
                o.PeriodsDropped, o.Probability, o.DegradationSlope, o.DegradationIntercept, o.ProbabilityOfLoss, o.NotEnough)
            : null;
        var deflated = result.BestPassId is { } bestId && reader.Studies.DeflatedSharpe(bestId) is { } d
            ? new StudyDeflatedSharpeRecord(bestId, d.Population, d.StudyId, d.Trials, d.SharpeVariance, d.Sharpe, d.PeriodsPerYear,
                d.Observations, d.Threshold, d.Probability, d.NotEnough, d.Reason)
            : null;
        var linked = study.Linked.Select(l => new StudyLinkRecord(l.RunId, l.RunType, l.Status, l.StartUtc, l.PassRunId)).ToList();
        var annualisation = new StudyAnnualisationRecord(data.Calendar.DaysPerYear, data.Calendar.HoursPerDay, data.Options.PeriodsPerYear);
        return new StudyRecord(Summary(data), data.Objective, data.HigherIsBetter, StudyLoader.Objectives(), Period(data.Period), annualisation,
            data.Parameters, passes, result.PlateauPickId, result.PlateauNeighbours, result.PlateauNotEnough, result.Importance, result.Lines, heatmap,
            deflated, pbo, linked, [.. data.Notes, .. result.Notes]);
    }

    private static (string X, string Y)? Pair(StudyData data, StudyResult result, string? x, string? y)
    {
        if (x is not null && y is not null)
        {
            return (x, y);
        }

        // The two inputs that explain most of the objective (the first in name order when importance says nothing).
        var ranked = ByImportance(data.Parameters, result.Importance).Where(n => n != x && n != y).ToList();
        var first = x ?? y ?? ranked.FirstOrDefault();
        var second = ranked.FirstOrDefault(n => n != first);
        return first is null || second is null ? null : (first, second);
    }

    /// <summary>The inputs, the one that explains most of the objective first; those importance says nothing of last, in name order.</summary>
    public static IEnumerable<string> ByImportance(IEnumerable<string> parameters, IReadOnlyList<ParameterImportance> importance) =>
        parameters.OrderByDescending(n => importance.FirstOrDefault(i => i.Parameter == n)?.Share ?? -1).ThenBy(n => n, StringComparer.Ordinal);

    private static string Period(StudyPeriod period) => period.ToString().ToLowerInvariant();

    private static StudySummaryRecord Summary(StudyData data)
    {
        var sign = data.HigherIsBetter ? 1 : -1;
        var best = data.Passes.Where(p => p.Objective is { } v && double.IsFinite(v))
            .OrderByDescending(p => sign * p.Objective!.Value).ThenBy(p => p.Member.RunId, StringComparer.Ordinal).FirstOrDefault();
        var s = data.Study;
        return new StudySummaryRecord(s.StudyId, s.Name, s.Origin.ToString().ToLowerInvariant(), s.StrategyId, s.StrategyName,
            s.Symbol, s.Timeframe, s.DataSource, s.PeriodStartUtc, s.PeriodEndUtc, s.Passes.Count, s.Linked.Count,
            data.Objective, best?.Member.RunId, best?.Objective);
    }
}
