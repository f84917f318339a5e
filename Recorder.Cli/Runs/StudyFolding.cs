using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Runs;

/// <summary>
/// The runs list as people read it: a study's passes (an optimisation's backtests, docs/studies.md) are one line per
/// study, not rows that bury the runs people made — the rule of the page's Runs view, which folds the passes of every
/// study the file holds (named, grouped or inferred).
/// </summary>
internal static class StudyFolding
{
    /// <summary>The runs that are no study's pass, in their order, and each study with its passes among <paramref name="runs"/>.</summary>
    public static (IReadOnlyList<RunSummary> Runs, IReadOnlyList<FoldedStudy> Studies) Fold(IRecorderReader reader, IReadOnlyList<RunSummary> runs)
    {
        var studyOf = new Dictionary<string, StudyInfo>(StringComparer.Ordinal);
        foreach (var study in reader.Studies.List())
        {
            foreach (var pass in study.Passes)
            {
                studyOf.TryAdd(pass.RunId, study);
            }
        }

        var passes = runs.Where(r => studyOf.ContainsKey(r.RunId)).ToList();
        if (passes.Count == 0)
        {
            return (runs, []);
        }

        var summaries = StudyView.List(reader).ToDictionary(s => s.StudyId, StringComparer.Ordinal);
        var folded = passes.GroupBy(r => studyOf[r.RunId].StudyId, StringComparer.Ordinal)
            .Select(g => new FoldedStudy(summaries[g.Key], g.ToList()))
            .ToList();
        return (runs.Where(r => !studyOf.ContainsKey(r.RunId)).ToList(), folded);
    }
}

/// <summary>A study as the runs list shows it: what `recorder studies` says of it, and its passes the filter kept.</summary>
internal sealed record FoldedStudy(StudySummaryRecord Study, IReadOnlyList<RunSummary> Passes);
