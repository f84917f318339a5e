using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// Where a forward run came from: the passes of studies whose parameter set it ran (docs/studies.md, "linked"), each
/// read through the study's own record (<see cref="StudyView.Detail(IRecorderReader, StudyInfo, string?, string?, string?)"/>): its rank
/// and plateau score are the study's figures as `recorder study` prints them, none computed here.
/// </summary>
public static class StudyPassLinks
{
    /// <summary>The run's links, none for a backtest or a run whose parameter set has no backtest (studies are not read then).</summary>
    public static IReadOnlyList<StudyPassLinkRecord> For(IRecorderReader reader, RunSummary run)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(run);
        // Only forward runs are linked to passes, and only to a backtest of their own parameter set: without one
        // there is nothing to find, and grouping every run of the file into studies is left undone.
        if (string.Equals(run.RunType, "BACKTEST", StringComparison.Ordinal)
            || reader.Runs.List(new RunQuery { InstanceId = run.InstanceId, RunType = "BACKTEST", Limit = 1 }).Total == 0)
        {
            return [];
        }

        var links = new List<StudyPassLinkRecord>();
        foreach (var study in reader.Studies.List())
        {
            if (study.Linked.FirstOrDefault(l => l.RunId == run.RunId) is not { } link)
            {
                continue;
            }

            // The study's record as `recorder study` gives it, by the study's own objective.
            var record = StudyView.Detail(reader, study);
            var ranked = record.Passes.Where(p => p.Objective is { } v && double.IsFinite(v)).ToList();
            var pass = record.Passes.Single(p => p.RunId == link.PassRunId);
            var rank = ranked.FindIndex(p => p.RunId == pass.RunId);
            links.Add(new StudyPassLinkRecord(study.StudyId, study.Name, pass.RunId,
                study.Passes.ToList().FindIndex(p => p.RunId == pass.RunId) + 1, study.Passes.Count,
                rank < 0 ? null : rank + 1, ranked.Count, record.Objective, pass.Objective, pass.PlateauScore, pass.PlateauPasses,
                record.PlateauNeighbours, record.PlateauNotEnough, pass.Best, pass.PlateauPick));
        }

        return links;
    }
}
