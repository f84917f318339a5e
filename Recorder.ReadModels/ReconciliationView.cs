using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Insight;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// Forward runs reconciled with a backtest of the same instance: the one path of `recorder reconcile`, the tearsheet
/// and the saved report (docs/metrics.md, "Reconciliation").
/// </summary>
public static class ReconciliationView
{
    /// <summary>How many matched pairs a record lists (the command lists them all).</summary>
    public const int MaxPairs = 50;

    /// <summary>A run's period; a run that has not ended reaches to the end of time.</summary>
    public static RunSpan Span(RunSummary run) =>
        new(run.RunId, Timestamps.Parse(run.StartUtc), run.EndUtc is { } end ? Timestamps.Parse(end) : DateTime.MaxValue);

    /// <summary>One side as `reconcile` reads it: the run analysed again from its fills and bars.</summary>
    public static ReconciliationSide Side(IRecorderReader reader, string runId)
    {
        var input = reader.Performance.AnalysisInput(runId);
        return new ReconciliationSide(RunAnalyzer.Analyze(input).Trades, input.Bars, input.Context);
    }

    /// <summary>
    /// For each live or paper run among <paramref name="runs"/>, the backtest of the same instance among them that
    /// `recorder reconcile` would choose (the one covering the forward run's period), else the only one.
    /// </summary>
    public static IReadOnlyList<ReconciliationRecord> Among(IRecorderReader reader, IReadOnlyList<RunSummary> runs)
    {
        var found = new List<ReconciliationRecord>();
        foreach (var forward in runs.Where(r => r.RunType != "BACKTEST"))
        {
            var backtests = runs.Where(r => r.RunType == "BACKTEST" && r.InstanceId == forward.InstanceId).ToList();
            var chosen = BacktestChoice.Covering(Span(forward), backtests.Where(b => b.EndUtc is not null).Select(Span));
            var backtest = chosen is not null ? backtests.First(b => b.RunId == chosen.RunId) : backtests.Count == 1 ? backtests[0] : null;
            if (backtest is not null)
            {
                found.Add(Of(forward.RunId, backtest.RunId,
                    Reconciler.Reconcile(Side(reader, backtest.RunId), Side(reader, forward.RunId), new ReconciliationOptions())));
            }
        }

        return found;
    }

    /// <summary>The record of a reconciliation `recorder reconcile` computed.</summary>
    public static ReconciliationRecord Of(string forwardRun, string backtestRun, Reconciliation result)
    {
        var bridge = result.Bridge is not { } b ? null : new ReconciliationBridgeRecord(b.Currency, b.BacktestNetPnl, b.ForwardNetPnl, new Dictionary<string, double>
        {
            ["missed"] = b.Parts.Missed, ["extra"] = b.Parts.Extra, ["entry_slippage"] = b.Parts.EntrySlippage,
            ["exit_slippage"] = b.Parts.ExitSlippage, ["fees"] = b.Parts.Fees, ["timing"] = b.Parts.Timing, ["rest"] = b.Parts.Rest,
        });
        var pairs = result.Matched.Take(MaxPairs).Select(m => new MatchedTradeRecord(
            m.Backtest.Symbol, m.Backtest.Side.ToString(), Timestamps.Format(m.Backtest.EntryTimeUtc), m.EntryTimeDifference.TotalSeconds,
            m.EntryPriceDifference, m.ExitTimeDifference.TotalSeconds, m.ExitPriceDifference, m.NetPnlDifference)).ToList();
        return new ReconciliationRecord(forwardRun, backtestRun, result.Matched.Count, result.Missed.Count, result.Extra.Count, bridge, result.Notes, pairs);
    }
}
