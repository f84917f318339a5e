using QuantowerRecorder.Plugin.Diagnostics;
using QuantowerRecorder.Plugin.Mapping;
using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using TradingPlatform.BusinessLayer;
using PositionImpact = QuantowerRecorder.Analytics.PositionImpact;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>
/// One run being recorded, from its opening events to its end: it follows the platform's order, fill and bar events
/// within its scope (<see cref="IPlatformEvents"/>, <see cref="BarSeriesRecorder"/>) and hands them to its
/// <see cref="RunEventFlow"/>. Handlers run on the connections' threads (several at once for several connections); a
/// lock keeps each run's events in the order they were mapped. Events mapped before the file is open (a run started
/// in the background) wait in memory; the run's end waits for its last orders (<see cref="RunDrain"/>). Nothing here
/// throws into the platform or makes its threads wait for the file.
/// </summary>
internal sealed partial class RunTracker
{
    private readonly object gate = new();
    private readonly RunScope scope;
    private readonly RunClock clock;
    private readonly RunDrain drain;
    private readonly ProblemLog problems;
    private readonly RunEventFlow flow;
    private readonly DriftWatch? drift;
    private readonly List<BarSeriesRecorder> series = [];
    private readonly List<Action> waiting = [];
    private readonly List<RecorderEvent> unwritten = [];
    private readonly RunDrain.Orders orders = new();
    private readonly TaskCompletionSource closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private RecorderSession? session;
    private BarRequest? bars;
    private IDisposable? subscription;
    private ITimer? drainTimer;
    private int endLooks;
    private (RunStatus Status, string? Error, TimeSpan Timeout, long AskedAt) end;
    private long lastEventAt;
    private DateTime openedAt;
    private bool opened;
    private bool barsStarted;
    private bool barsStarting;
    private bool formingReleased;
    private bool ending;
    private bool ended;

    private RunTracker(string databasePath, RunDefinition definition, RunScope scope, RunClock clock, RunDrain drain, ProblemLog problems,
        bool driftAlarm)
    {
        this.DatabasePath = databasePath;
        this.Definition = definition;
        this.scope = scope;
        this.clock = clock;
        this.drain = drain;
        this.problems = problems;
        // The id's time part is the run's start as the run saw it (simulated time in a backtest). A backtest that
        // shows no time of its own when it starts (no quote, no server time) takes its first vendor time as its
        // start; its id then carries the PC's time of the start (docs/plugin.md, "The run's clock").
        this.RunId = Identities.NewRunId(clock.GetUtcNow());
        this.flow = new RunEventFlow(RunId, definition.Source, scope, problems, Record);
        this.drift = driftAlarm && definition.Source is RunSource.Live or RunSource.Paper ? new DriftWatch(RunId, problems) : null;
    }

    public string RunId { get; }

    public RunDefinition Definition { get; }

    public string DatabasePath { get; }

    /// <summary>
    /// Completes once the run has ended (after its drain), its events are in the file, its analysis is done and its
    /// handle closed — or, when the file could not be opened, once that is known. Never faults.
    /// </summary>
    public Task WhenClosed => closed.Task;

    public RecorderCounters? Counters => Volatile.Read(ref session)?.Counters;

    /// <summary>Completes once no drift check of the run is running or asked (at once without the drift alarm).</summary>
    public Task DriftChecked => drift?.Idle ?? Task.CompletedTask;

    /// <summary>True once the run's end has been asked (it may still be taking its last orders' events).</summary>
    public bool HasEnded
    {
        get
        {
            lock (gate)
            {
                return ending;
            }
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Subscribes and writes the opening events. With a <paramref name="session"/>, the file is open already; without,
    /// the caller opens it (off its thread) and hands it to <see cref="Attach"/>, and the events wait until then. With
    /// <paramref name="driftAlarm"/>, a live or paper run watches its drift from its backtest (<see cref="DriftWatch"/>).
    /// </summary>
    public static RunTracker Start(string databasePath, RecorderSession? session, RunDefinition definition, RunScope scope,
        BarRequest? bars, RunClock clock, RunDrain drain, ProblemLog problems, IPlatformEvents platform, bool driftAlarm = false)
    {
        var tracker = new RunTracker(databasePath, definition, scope, clock, drain, problems, driftAlarm);
        tracker.Begin(session, bars, platform);
        return tracker;
    }

    /// <summary>The file, opened in the background: the events that waited are handed to it.</summary>
    public void Attach(RecorderSession opened)
    {
        lock (gate)
        {
            session = opened;
            foreach (var e in unwritten)
            {
                Send(e);
            }

            unwritten.Clear();
        }

        TryFinish();
    }

    /// <summary>The file could not be opened (the reason is in the log): the run records nothing and is over.</summary>
    public void Abandon()
    {
        lock (gate)
        {
            if (ending && !ended)
            {
                BackgroundCloses.Drain(began: false);
            }

            ending = ended = true;
            unwritten.Clear();
        }

        subscription?.Dispose();
        closed.TrySetResult();
    }

    private void Begin(RecorderSession? file, BarRequest? request, IPlatformEvents platform)
    {
        bool startBars;
        lock (gate)
        {
            session = file;
            bars = request;
            OpenLocked(force: false);
            startBars = TakeBarStartLocked();
        }

        subscription = platform.Subscribe(OnOrder, OnTrade);

        // Orders already working when the run starts (attaching to a running strategy) belong to it too.
        foreach (var order in platform.Orders)
        {
            OnOrder(order);
        }

        if (startBars && file is not null)
        {
            StartBars();
        }
        else if (startBars)
        {
            // Started in the background: the history request (which may wait seconds for a quote) is too.
            _ = Task.Run(StartBars);
        }
    }

    // The run's opening events, once its clock knows the run's time: at once on a live connection or with a given
    // clock, at the first vendor time on a simulated connection. What arrived before (an author's calls) follows them.
    private void OpenLocked(bool force)
    {
        if (opened || (!force && !clock.Known))
        {
            return;
        }

        opened = true;
        openedAt = Now;
        foreach (var e in RunOpening.Events(Definition, RunId, openedAt))
        {
            Record(e);
        }

        foreach (var action in waiting)
        {
            action();
        }

        waiting.Clear();
    }

    private void OnOrder(Order order) => Guard.Run(problems, "order", order?.Id, (Self: this, Order: order), static s =>
    {
        if (s.Order is { } order && s.Self.scope.Matches(order))
        {
            s.Self.clock.Observe(order.LastUpdateTime);
            s.Self.Locked(s, static s =>
            {
                s.Self.orders.Seen(s.Order!);
                s.Self.flow.Order(s.Order!, s.Self.Now);
            });
        }
    });

    private void OnTrade(Trade trade) => Guard.Run(problems, "trade", trade?.Id, (Self: this, Trade: trade), static s =>
    {
        if (s.Trade is { } trade && s.Self.scope.Matches(trade))
        {
            s.Self.clock.Observe(trade.DateTime);
            s.Self.Locked(s, static s => s.Self.flow.Trade(s.Trade!, s.Self.Now));
        }
    });

    private void EmitBar(RecorderEvent bar) => Locked((Self: this, Bar: bar), static s => s.Self.Record(s.Bar));

    private void Locked(Action action) => Locked(action, static action => action());

    // Under the run's lock, and only until the run has ended; before its time is known, kept for its opening (the only
    // case that allocates: the events of every tick and order do not). A run that opens here (its first vendor time)
    // starts its bars off this platform thread.
    private void Locked<TState>(TState state, Action<TState> action)
    {
        bool startBars;
        lock (gate)
        {
            if (ended)
            {
                return;
            }

            lastEventAt = clock.GetTimestamp();
            OpenLocked(force: false);
            if (opened)
            {
                action(state);
            }
            else
            {
                Wait(state, action);
            }

            if (ending)
            {
                // The run's last orders are still coming: its end waits until they have been quiet for the settle time,
                // at most until its limit.
                var limitLeft = drain.Limit - clock.GetElapsedTime(end.AskedAt);
                ArmDrain(limitLeft < drain.Settle ? limitLeft : drain.Settle);
            }

            startBars = TakeBarStartLocked();
        }

        if (startBars)
        {
            _ = Task.Run(StartBars);
        }
    }

    // Kept for the run's opening: a method of its own, so that only this case makes the closure (one that captured the
    // arguments of Locked would be made at each of its calls).
    private void Wait<TState>(TState state, Action<TState> action) => waiting.Add(() => action(state));

    private void Record(RecorderEvent e)
    {
        if (session is null)
        {
            unwritten.Add(e);
        }
        else
        {
            Send(e);
        }
    }

    private void Send(RecorderEvent e)
    {
        if (!session!.Record(e))
        {
            problems.Report($"the writer did not accept a {e.EventType} event (is the database closed?)");
        }
        else if (drift is not null && e is ExecutionRecorded { PositionImpact: not PositionImpact.Open })
        {
            // A fill that closes, reduces or reverses a position (or whose impact the writer will infer) may end a trade.
            drift.TradeMayHaveClosed(session);
        }
    }
}
