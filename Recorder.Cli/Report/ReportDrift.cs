using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Report;

/// <summary>
/// A forward run of the report against the backtest `recorder drift` chooses, as `recorder drift` computes it by default
/// (the backtest need not be in the report); or, in <see cref="Missing"/>, why there is none.
/// </summary>
internal sealed record ReportDrift(ReportRun Forward, DriftRecord? Drift, string? Missing)
{
    public static IReadOnlyList<ReportDrift> Find(IRecorderReader reader, IReadOnlyList<ReportRun> runs)
    {
        var found = new List<ReportDrift>();
        foreach (var forward in runs.Where(r => r.Run.RunType is "LIVE" or "PAPER"))
        {
            if (DriftInputs.DefaultBacktest(reader, forward.Run) is not { } backtest)
            {
                found.Add(new ReportDrift(forward, null, "Its instance has no ended backtest to compare with."));
                continue;
            }

            try
            {
                found.Add(new ReportDrift(forward, DriftView.Of(reader, forward.Run, backtest, named: false), null));
            }
            catch (ArgumentException e)
            {
                found.Add(new ReportDrift(forward, null, e.Message));
            }
        }

        return found;
    }
}
