using QuantowerRecorder.Analytics.Insight;
using QuantowerRecorder.Cli.Commands;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Report;

/// <summary>A forward run of the report reconciled with a backtest of the same instance that is also in it.</summary>
internal sealed record ReportReconciliation(ReportRun Forward, ReportRun Backtest, Reconciliation Result)
{
    /// <summary>
    /// For each live or paper run, the report's backtest of the same instance that `recorder reconcile` would choose
    /// (the one covering the forward run's period), else the only one; the same code path as `recorder reconcile`.
    /// </summary>
    public static IReadOnlyList<ReportReconciliation> Find(IRecorderReader reader, IReadOnlyList<ReportRun> runs)
    {
        var found = new List<ReportReconciliation>();
        foreach (var forward in runs.Where(r => r.Run.RunType != "BACKTEST"))
        {
            var backtests = runs.Where(r => r.Run.RunType == "BACKTEST" && r.Run.InstanceId == forward.Run.InstanceId).ToList();
            var chosen = BacktestChoice.Covering(ReconcileCommand.Span(forward.Run), backtests.Where(b => b.Run.EndUtc is not null).Select(b => ReconcileCommand.Span(b.Run)));
            var backtest = chosen is not null ? backtests.First(b => b.Run.RunId == chosen.RunId) : backtests.Count == 1 ? backtests[0] : null;
            if (backtest is null)
            {
                continue;
            }

            var result = Reconciler.Reconcile(ReconcileCommand.Side(reader, backtest.Run.RunId), ReconcileCommand.Side(reader, forward.Run.RunId), new ReconciliationOptions());
            found.Add(new ReportReconciliation(forward, backtest, result));
        }

        return found;
    }
}
