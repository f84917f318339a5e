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
public sealed class RunRecorderStrategy : Strategy
{
    internal const string StrategyName = "Run Recorder";
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    // Input parameters: read and applied by the platform through reflection, so they are assigned nowhere else.
    [InputParameter("Account", 10)]
    private Account? account = null;

    [InputParameter("Symbol", 20)]
    private Symbol? symbol = null;

    [InputParameter("Comment filter", 30)]
    private string commentFilter = string.Empty;

    [InputParameter("Strategy to follow", 40)]
    private string strategyToFollow = string.Empty;

    [InputParameter("Record bars", 50)]
    private bool recordBars = false;

    [InputParameter("Bar period", 60)]
    private Period barPeriod = Period.MIN1;

    [InputParameter("Record volume analysis", 70)]
    private bool recordVolumeAnalysis = false;

    [InputParameter("Database file", 80)]
    private string databasePath = DefaultPaths.Database;

    private readonly object sync = new();
    private readonly TimeProvider clock;
    private readonly ProblemLog problems;
    private RunTracker? tracker;
    private Strategy? followed;
    private StrategyManager? manager;
    private string state = "idle";

    /// <summary>The platform's constructor. No side effects: the platform creates one instance just to read the settings.</summary>
    public RunRecorderStrategy()
        : this(TimeProvider.System)
    {
    }

    internal RunRecorderStrategy(TimeProvider clock)
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

                tracker = StartRun(OwnSnapshot(), GetType().Assembly, account, symbol, recordBars ? barPeriod : null);
                return;
            }

            followed ??= FindFollowed();
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
                problems.Info($"waiting for '{Describe(followed)}' to start working.");
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

            HealthReport.AddTo(metrics, now, current?.DatabasePath ?? databasePath, current?.RunId, current?.Counters, problems);
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
                // Stopped while waiting for the connection: the platform calls no OnStop then.
                if (e.StrategyState == StrategyState.Stopped && e.StrategyPreviousState == StrategyState.WaitingForConnection)
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
                    problems.Info($"'{Describe(strategy)}' lost its connection; run {tracker?.RunId} continues when it is back.");
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
        var period = snapshot.Period ?? (recordBars ? barPeriod : null);
        if (tracker is { HasEnded: false } open)
        {
            var next = Definitions.For(snapshot, target.GetType().Assembly, account ?? snapshot.Account, symbol ?? snapshot.Symbol, period);
            if (string.Equals(open.Definition.InstanceId, next.InstanceId, StringComparison.Ordinal))
            {
                state = "recording";
                problems.Info($"'{Describe(target)}' is working again; run {open.RunId} continues.");
                return;
            }

            EndRunLocked(RunStatus.Completed, "parameters changed");
        }

        tracker = StartRun(snapshot, target.GetType().Assembly, account ?? snapshot.Account, symbol ?? snapshot.Symbol, period);
    }

    private RunTracker? StartRun(StrategySnapshot snapshot, System.Reflection.Assembly code, Account? runAccount, Symbol? runSymbol, Period? period)
    {
        var definition = Definitions.For(snapshot, code, runAccount, runSymbol, period);
        var session = Sessions.TryOpen(databasePath, clock, problems);
        if (session is null)
        {
            state = "database error";
            return null;
        }

        var bars = recordBars && runSymbol is not null && barPeriod.PeriodMultiplier > 0
            ? new BarRequest(runSymbol, barPeriod, recordVolumeAnalysis)
            : null;
        var started = RunTracker.Start(session, definition, new RunScope(runAccount, runSymbol, commentFilter), bars, clock, problems);
        state = "recording";
        problems.Info($"recording run {started.RunId} of '{definition.StrategyName}' ({definition.Source}) into {started.DatabasePath}");
        return started;
    }

    /// <summary>Without a strategy to follow, the run is the account's activity, identified by what the recorder selects.</summary>
    private StrategySnapshot OwnSnapshot()
    {
        var parameters = new List<KeyValuePair<string, object?>>
        {
            new("Symbol", Formats.Symbol(symbol) ?? "*"),
            new("Comment filter", commentFilter ?? string.Empty),
        };
        return new StrategySnapshot(StrategyName, Version?.ToString(), InstanceName, parameters, symbol, account, recordBars ? barPeriod : null);
    }

    private Strategy? FindFollowed()
    {
        var wanted = strategyToFollow.Trim();
        var candidates = Core.Strategies.Created.Where(s => !ReferenceEquals(s, this)).ToArray();
        foreach (var comparison in new[] { StringComparison.Ordinal, StringComparison.OrdinalIgnoreCase })
        {
            var matches = candidates
                .Where(s => string.Equals(s.Id, wanted, comparison) || string.Equals(s.InstanceName, wanted, comparison) || string.Equals(s.Name, wanted, comparison))
                .ToArray();
            if (matches.Length > 0)
            {
                if (matches.Length > 1)
                {
                    problems.Info($"{matches.Length} strategies match '{wanted}'; following '{Describe(matches[0])}'. Use its instance name or id to choose.");
                }

                return matches.FirstOrDefault(s => s.State == StrategyState.Working) ?? matches[0];
            }
        }

        problems.Report($"no strategy matches '{wanted}'. Strategies in the platform: " +
            (candidates.Length == 0 ? "(none)" : string.Join(", ", candidates.Select(Describe))));
        return null;
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
            ending.End(status, null, CloseTimeout);
            problems.Info($"run {ending.RunId} ended ({newState}).");
        }
    }

    private static string Describe(Strategy strategy) =>
        string.IsNullOrWhiteSpace(strategy.InstanceName) ? $"{strategy.Name} [{strategy.Id}]" : $"{strategy.InstanceName} ({strategy.Name}) [{strategy.Id}]";
}
