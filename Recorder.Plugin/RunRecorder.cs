using QuantowerRecorder.Plugin.Diagnostics;
using QuantowerRecorder.Plugin.Platform;
using QuantowerRecorder.Plugin.Recording;
using QuantowerRecorder.Storage.Records;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin;

/// <summary>
/// Records a strategy's run — a live run, a backtest, each optimisation pass — into the recorder database, with one
/// line in the strategy:
/// <code>
/// protected override void OnRun()  { this.recorder = RunRecorder.Start(this, this.Log); … }
/// protected override void OnStop() { this.recorder?.Dispose(); }
/// </code>
/// or as a scope: <c>using var recorder = RunRecorder.Start(this, this.Log);</c>. The run gets the strategy's input
/// parameters, symbol, account, timeframe, run type (from the connection) and a reproducibility fingerprint (assembly
/// name, version and SHA-256, Quantower version); the orders and fills of its account and symbol are recorded as they
/// happen. Nothing here ever throws into the strategy: problems go to the log passed in and to <see cref="AddMetrics"/>.
/// </summary>
public sealed class RunRecorder : IDisposable
{
    private readonly Strategy strategy;
    private readonly ProblemLog problems;
    private readonly RunTracker? tracker;
    private int disposed;

    private RunRecorder(Strategy strategy, ProblemLog problems, RunTracker? tracker)
    {
        this.strategy = strategy;
        this.problems = problems;
        this.tracker = tracker;
    }

    /// <summary>The run's id in the database (strategy_runs.run_id); null when nothing is recorded.</summary>
    public string? RunId => tracker?.RunId;

    /// <summary>The database file; null when it could not be opened.</summary>
    public string? DatabasePath => tracker?.DatabasePath;

    /// <summary>False once the run's end is asked (its last orders may still be recorded, but no more author calls), and when no run could start.</summary>
    public bool IsRecording => tracker is { HasEnded: false };

    /// <summary>
    /// Completes once the run has ended, its events are in the file, its analysis (round trips, equity, metrics) is
    /// done and its handle on the file is closed; for a host that reads the file next (a script, a test). Never faults;
    /// never wait on it on a platform thread.
    /// </summary>
    public Task WhenClosed => tracker is { } t ? t.WhenClosed : Task.CompletedTask;

    /// <summary>How many times the run's end was looked at to be decided (tests).</summary>
    internal int EndLooks => tracker?.EndLooks ?? 0;

    /// <summary>Completes once no drift check of the run is running or asked (docs/plugin.md, "The drift alarm").</summary>
    internal Task DriftChecked => tracker?.DriftChecked ?? Task.CompletedTask;

    /// <summary>
    /// Starts recording a run of <paramref name="strategy"/> (call it in OnRun). After a lost connection, the
    /// platform's OnRun continues the same run (see docs/plugin.md).
    /// </summary>
    /// <param name="strategy">The strategy being run (<c>this</c>).</param>
    /// <param name="log">The strategy's <c>Log</c> method, for the recorder's problems; optional.</param>
    /// <param name="options">Where to record and what; by default taken from the strategy's inputs.</param>
    public static RunRecorder Start(Strategy strategy, Action<string, StrategyLoggingLevel>? log = null, RunRecorderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var problems = new ProblemLog(log);
        try
        {
            options ??= new RunRecorderOptions();
            var snapshot = StrategySnapshot.Of(strategy);
            var account = options.Account ?? snapshot.Account;
            // Given bars (options.Bars) stand for the symbol and period a strategy without those inputs trades on.
            var symbol = options.Symbol ?? snapshot.Symbol ?? options.Bars?.Symbol;
            var period = options.Period ?? snapshot.Period ?? (options.Bars?.Aggregation as HistoryAggregationTime)?.Period;
            var definition = Definitions.For(snapshot, strategy.GetType().Assembly, account, symbol, period, options.TerminalName,
                StudyLabel.Of(options.Study, options.StudyObjective));
            var key = SuspensionKey(strategy);
            if (Suspended.Take(key) is { } held)
            {
                if (string.Equals(held.Definition.InstanceId, definition.InstanceId, StringComparison.Ordinal))
                {
                    problems.Info($"connection is back; run {held.RunId} continues.");
                    if (options.Bars is { } again && RunStart.Bars(again, symbol, period, options.RecordVolumeAnalysis, problems) is { } follow)
                    {
                        held.FollowBars(follow);
                    }

                    return new RunRecorder(strategy, problems, held);
                }

                held.End(RunStatus.Completed, null, RunStart.CloseTimeout);
            }

            var tracker = RunStart.Open(definition, new RunScope(account, symbol, options.CommentFilter),
                options.Bars is { } given
                    ? RunStart.Bars(given, symbol, period, options.RecordVolumeAnalysis, problems)
                    : RunStart.Bars(options.RecordBars, symbol, period, options.RecordVolumeAnalysis), options.DatabasePath,
                options.Clock, new RunDrain(options.EndSettleTime, options.EndDrainLimit), problems, options.DriftAlarm,
                commitSync: options.CommitSync switch
                {
                    RecorderCommitSync.Every => Storage.Writing.CommitSync.Every,
                    RecorderCommitSync.Periodic => Storage.Writing.CommitSync.Periodic,
                    _ => Storage.Writing.CommitSync.LiveAndPaper,
                });
            return new RunRecorder(strategy, problems, tracker);
        }
        catch (Exception e)
        {
            problems.Report("starting the recorder", e);
            return new RunRecorder(strategy, problems, null);
        }
    }

    /// <summary>
    /// Marks the strategy's decision to trade, just before it places the order: the signal, the side and quantity it
    /// means to trade and the price it saw, at the recorder's clock. The next new order of the same symbol and side
    /// that the run records is tied to it (a later mark of the symbol replaces one still waiting), and that order's
    /// implementation shortfall is measured from this price (docs/metrics.md, "Implementation shortfall"). Returns
    /// the decision's id (order_decisions.decision_id), or null when nothing is recorded or the input is unusable
    /// (reported to the log). Never throws and never waits for the file.
    /// </summary>
    /// <param name="signal">The signal or setup name.</param>
    /// <param name="side">The side the strategy means to trade.</param>
    /// <param name="quantity">The quantity it means to trade (positive).</param>
    /// <param name="price">The price it saw when it decided (finite).</param>
    /// <param name="symbol">The symbol; by default the run's.</param>
    public string? MarkDecision(string signal, Side side, double quantity, double price, Symbol? symbol = null)
    {
        if (!(quantity > 0 && double.IsFinite(quantity)) || !double.IsFinite(price))
        {
            problems.Report($"decision mark '{signal}' ignored: quantity {quantity} and price {price} must be finite, the quantity positive");
            return null;
        }

        return tracker?.MarkDecision(signal, side, quantity, price, symbol);
    }

    /// <summary>Gives an order its setup or signal name (orders.client_tag). Call it with TradingOperationResult.OrderId.</summary>
    public void TagOrder(string orderId, string tag)
    {
        if (!string.IsNullOrEmpty(orderId) && !string.IsNullOrEmpty(tag))
        {
            tracker?.TagOrder(orderId, tag);
        }
    }

    /// <summary>Declares orders that belong together (an OCO pair, a bracket, a hedge), each with its role.</summary>
    public void DeclareOcoGroup(string label, params OcoMember[] members)
    {
        if (string.IsNullOrEmpty(label) || members is null)
        {
            return;
        }

        tracker?.DeclareOcoGroup(label, [.. members.Where(m => !string.IsNullOrEmpty(m.OrderId))]);
    }

    /// <summary>A backtest's progress, stored on the run; <paramref name="total"/> null when unknown, a negative count ignored.</summary>
    public void ReportProgress(long processed, long? total = null)
    {
        if (processed >= 0)
        {
            tracker?.ReportProgress(processed, total);
        }
    }

    /// <summary>Adds the recorder's health to a strategy's metrics (events recorded, queue depth, write lag, …).</summary>
    public void AddMetrics(List<StrategyMetric> metrics)
    {
        if (metrics is null)
        {
            return;
        }

        Guard.Run(problems, "metrics", () => HealthMetrics.AddTo(metrics,
            tracker is null ? "not recording" : IsRecording ? "recording" : "ended",
            tracker?.DatabasePath, tracker?.RunId, tracker?.Counters, problems));
    }

    /// <summary>Ends the run as FAILED, the reason stored as its error_message; the recorder is done after it (a later Dispose does nothing).</summary>
    public void Fail(string reason)
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            tracker?.End(RunStatus.Failed, reason, RunStart.CloseTimeout);
        }
    }

    /// <summary>
    /// Ends the run (call it in OnStop). When the platform stops the strategy because a monitored connection was lost,
    /// the run stays open and the next <see cref="Start(Strategy, Action{string, StrategyLoggingLevel}, RunRecorderOptions)"/>
    /// continues it.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0 || tracker is null)
        {
            return;
        }

        try
        {
            if (Suspended.IsConnectionLoss(strategy))
            {
                problems.Info($"connection lost; run {tracker.RunId} stays open until the strategy runs again or is stopped.");
                Suspended.Hold(SuspensionKey(strategy), strategy, tracker);
                return;
            }
        }
        catch (Exception e)
        {
            problems.Report("checking the connection", e);
        }

        tracker.End(RunStatus.Completed, null, RunStart.CloseTimeout);
    }

    private static string SuspensionKey(Strategy strategy) => "author:" + strategy.Id;
}
