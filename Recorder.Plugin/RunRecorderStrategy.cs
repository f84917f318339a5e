using QuantowerRecorder.Plugin.Diagnostics;
using QuantowerRecorder.Plugin.Platform;
using QuantowerRecorder.Plugin.Recording;
using QuantowerRecorder.Storage.Records;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin;

/// <summary>
/// "Run Recorder": a strategy a trader adds in Quantower to record the orders, fills and bars of an account — on its
/// own (manual trading), or following another strategy that is already running: then each time that strategy starts
/// working a run begins, with its name, version and input parameters as the instance, and ends when it stops.
/// </summary>
public sealed partial class RunRecorderStrategy : Strategy
{
    internal const string StrategyName = "Run Recorder";

    private readonly object sync = new();
    private readonly TimeProvider? clock;
    private readonly ProblemLog problems;
    private RunTracker? tracker;
    private Strategy? followed;
    private StrategyManager? manager;
    private string state = "idle";
    private RunDrain? drainOverride;

    /// <summary>The platform's constructor. No side effects: the platform creates one instance just to read the settings.</summary>
    public RunRecorderStrategy()
        : this(null)
    {
    }

    // A clock given by a test; null: the run's clock follows its connection (RunClock).
    internal RunRecorderStrategy(TimeProvider? clock)
    {
        this.Name = StrategyName;
        this.Description = "Records every run (orders, fills, OCO/brackets, bars) into an SQLite file, on its own or following a running strategy.";
        this.clock = clock;
        this.problems = new ProblemLog(this.Log);
    }

    /// <summary>The account's connection: the platform stops the recorder when it drops and runs it again when it is back.</summary>
    public override string[] MonitoringConnectionsIds =>
        account?.ConnectionId is { Length: > 0 } id ? [id] : [];

    internal string? CurrentRunId
    {
        get
        {
            lock (sync)
            {
                return tracker is { HasEnded: false } t ? t.RunId : null;
            }
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        Guard.Run(problems, "Dispose", () => EndAll("disposed"));
    }

    protected override void OnRun() => Guard.Run(problems, "OnRun", () =>
    {
        lock (sync)
        {
            Subscribe();
            if (string.IsNullOrWhiteSpace(strategyToFollow))
            {
                if (tracker is { HasEnded: false } open)
                {
                    problems.Info($"connection is back; run {open.RunId} continues.");
                    return;
                }

                tracker = StartRun(Definitions.For(OwnSnapshot(), GetType().Assembly, account, symbol, recordBars ? barPeriod : null, terminalName), account, symbol);
                return;
            }

            followed ??= FollowedStrategies.Find(strategyToFollow, this, problems);
            if (followed is null)
            {
                state = "strategy to follow not found";
                return;
            }

            if (followed.State == StrategyState.Working)
            {
                StartOrContinueFollowedRun();
            }
            else
            {
                state = "waiting for " + followed.Name;
                problems.Info($"waiting for '{FollowedStrategies.Describe(followed)}' to start working.");
            }
        }
    });

    protected override void OnStop() => Guard.Run(problems, "OnStop", () =>
    {
        if (Suspended.IsConnectionLoss(this))
        {
            problems.Info("connection lost; the run stays open and continues when the connection is back.");
            return;
        }

        EndAll("stopped");
    });

    protected override void OnRemove() => Guard.Run(problems, "OnRemove", () => EndAll("removed"));

    [Obsolete("Use OnInitializeMetrics() method to initialize System.Diagnostics.Metrics")]
    protected override List<StrategyMetric> OnGetMetrics()
    {
        var metrics = base.OnGetMetrics() ?? [];
        Guard.Run(problems, "metrics", () =>
        {
            RunTracker? current;
            string now;
            lock (sync)
            {
                current = tracker;
                now = state;
            }

            HealthMetrics.AddTo(metrics, now, current?.DatabasePath ?? databasePath, current?.RunId, current?.Counters, problems);
        });
        return metrics;
    }

    private void Subscribe()
    {
        if (manager is not null)
        {
            return;
        }

        manager = Core.Strategies;
        manager.StrategyStateChanged += OnStrategyStateChanged;
        manager.StrategyRemoved += OnStrategyRemoved;
    }

    private void OnStrategyStateChanged(Strategy strategy, StrategyEventArgs e) => Guard.Run(problems, "StrategyStateChanged", () =>
    {
        lock (sync)
        {
            if (ReferenceEquals(strategy, this))
            {
                if (Suspended.StoppedWhileWaiting(e))
                {
                    EndAllLocked("stopped while waiting for the connection");
                }

                return;
            }

            if (!ReferenceEquals(strategy, followed) || State is not (StrategyState.Working or StrategyState.WaitingForConnection))
            {
                return;
            }

            switch (e.StrategyState)
            {
                case StrategyState.Working:
                    StartOrContinueFollowedRun();
                    break;
                case StrategyState.Stopped when e.StrategyPreviousState == StrategyState.Working && Suspended.IsConnectionLoss(strategy):
                    state = "connection lost";
                    problems.Info($"'{FollowedStrategies.Describe(strategy)}' lost its connection; run {tracker?.RunId} continues when it is back.");
                    break;
                case StrategyState.Stopped:
                case StrategyState.Removed:
                    EndRunLocked(RunStatus.Completed, "waiting for " + strategy.Name);
                    break;
            }
        }
    });

    private void OnStrategyRemoved(Strategy strategy) => Guard.Run(problems, "StrategyRemoved", () =>
    {
        lock (sync)
        {
            if (ReferenceEquals(strategy, followed))
            {
                EndRunLocked(RunStatus.Completed, "followed strategy removed");
                followed = null;
            }
        }
    });

    private void StartOrContinueFollowedRun()
    {
        var target = followed!;
        var snapshot = StrategySnapshot.Of(target);
        var runAccount = account ?? snapshot.Account;
        var runSymbol = symbol ?? snapshot.Symbol;
        var period = snapshot.Period ?? (recordBars ? barPeriod : null);
        var definition = Definitions.For(snapshot, target.GetType().Assembly, runAccount, runSymbol, period, terminalName);
        if (tracker is { HasEnded: false } open)
        {
            if (string.Equals(open.Definition.InstanceId, definition.InstanceId, StringComparison.Ordinal))
            {
                state = "recording";
                problems.Info($"'{FollowedStrategies.Describe(target)}' is working again; run {open.RunId} continues.");
                return;
            }

            EndRunLocked(RunStatus.Completed, "parameters changed");
        }

        // Raised on the thread that started the followed strategy, whose OnRun waits for this handler: the file and the
        // bars' history are opened in the background.
        tracker = StartRun(definition, runAccount, runSymbol, inBackground: true);
    }

    private RunTracker? StartRun(RunDefinition definition, Account? runAccount, Symbol? runSymbol, bool inBackground = false)
    {
        var started = RunStart.Open(definition, new RunScope(runAccount, runSymbol, commentFilter),
            RunStart.Bars(recordBars, runSymbol, barPeriod, recordVolumeAnalysis), databasePath, clock, Drain, problems, driftAlarm, inBackground);
        state = started is null ? "database error" : "recording";
        return started;
    }

    private void EndAll(string reason)
    {
        lock (sync)
        {
            EndAllLocked(reason);
        }
    }

    private void EndAllLocked(string reason)
    {
        EndRunLocked(RunStatus.Completed, reason);
        followed = null;
        if (manager is not null)
        {
            manager.StrategyStateChanged -= OnStrategyStateChanged;
            manager.StrategyRemoved -= OnStrategyRemoved;
            manager = null;
        }
    }

    private void EndRunLocked(RunStatus status, string newState)
    {
        state = newState;
        var ending = tracker;
        if (ending is { HasEnded: false })
        {
            ending.End(status, null, RunStart.CloseTimeout);
            problems.Info($"run {ending.RunId} ended ({newState}).");
        }
    }
}
