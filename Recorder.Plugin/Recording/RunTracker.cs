using QuantowerRecorder.Plugin.Diagnostics;
using QuantowerRecorder.Plugin.Mapping;
using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>
/// One run being recorded, from its opening events to its end: it follows the platform's order, fill and bar events
/// within its scope (<see cref="IPlatformEvents"/>, <see cref="BarSeriesRecorder"/>) and hands them to its
/// <see cref="RunEventFlow"/>. Handlers run on the connections' threads (several at once for several connections); a
/// lock keeps each run's events in the order they were mapped. Nothing here throws into the platform.
/// </summary>
internal sealed class RunTracker
{
    private readonly object gate = new();
    private readonly RecorderSession session;
    private readonly RunScope scope;
    private readonly RunClock clock;
    private readonly ProblemLog problems;
    private readonly RunEventFlow flow;
    private readonly List<BarSeriesRecorder> series = [];
    private readonly List<Action> waiting = [];
    private BarRequest? bars;
    private IDisposable? subscription;
    private long recorded;
    private bool opened;
    private bool ended;

    private RunTracker(RecorderSession session, RunDefinition definition, RunScope scope, RunClock clock, ProblemLog problems)
    {
        this.session = session;
        this.Definition = definition;
        this.scope = scope;
        this.clock = clock;
        this.problems = problems;
        // The id's time part is the run's start as the run saw it (simulated time in a backtest). A backtest that
        // shows no time of its own when it starts (no quote, no server time) takes its first vendor time as its
        // start; its id then carries the PC's time of the start (docs/plugin.md, "The run's clock").
        this.RunId = Identities.NewRunId(clock.GetUtcNow());
        this.flow = new RunEventFlow(RunId, definition.Source, scope, problems, Record);
    }

    public string RunId { get; }

    public RunDefinition Definition { get; }

    public string DatabasePath => session.DatabasePath;

    /// <summary>The analysis asked for when the run ended (completed when there is none).</summary>
    public Task Analysis { get; private set; } = Task.CompletedTask;

    /// <summary>The background close of this run's handle on the file, once the run has ended.</summary>
    public Task Closing { get; private set; } = Task.CompletedTask;

    /// <summary>Both of the above: the run's analysis and the close of its handle.</summary>
    public Task WhenClosed => Task.WhenAll(Analysis, Closing);

    public RecorderCounters Counters => session.Counters;

    public long EventsSent => Interlocked.Read(ref recorded);

    public bool HasEnded
    {
        get
        {
            lock (gate)
            {
                return ended;
            }
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Writes the opening events, subscribes, and records the orders already working in scope.</summary>
    public static RunTracker Start(RecorderSession session, RunDefinition definition, RunScope scope, BarRequest? bars,
        RunClock clock, ProblemLog problems, IPlatformEvents platform)
    {
        var tracker = new RunTracker(session, definition, scope, clock, problems);
        tracker.Begin(bars, platform);
        return tracker;
    }

    /// <summary>Records a decision mark for <paramref name="symbol"/> (the run's symbol when null); null when nothing is recorded.</summary>
    public string? MarkDecision(string signal, Side side, double quantity, double price, Symbol? symbol)
    {
        string? id = null;
        clock.Observe((symbol ?? scope.Symbol)?.QuoteDateTime ?? default);
        Locked("MarkDecision", () =>
        {
            var name = Platform.Formats.Symbol(symbol ?? scope.Symbol);
            if (name is null)
            {
                problems.Report("a decision mark needs a symbol: this run follows every symbol, so pass the one the decision is about");
                return;
            }

            id = flow.Decide(name, PlatformNames.Side(side), quantity, price, signal, Now);
        });
        return id;
    }

    public void TagOrder(string orderId, string tag) => Locked("TagOrder", () => flow.Tag(orderId, tag));

    public void DeclareOcoGroup(string label, IEnumerable<KeyValuePair<string, string?>> members) =>
        Locked("DeclareOcoGroup", () => flow.DeclareOcoGroup(label, members, Now));

    public void ReportProgress(long processed, long? total) => Locked("ReportProgress", () =>
        Record(new RunProgress { RunId = RunId, EventUtc = Now, Source = Definition.Source, ProcessedCount = processed, TotalCount = total }));

    /// <summary>
    /// Records the end of the run and returns at once: the platform's thread never waits for the file. The analysis
    /// is a job of the file's writer (after the run's events are written), and this run's handle is closed in the
    /// background within <paramref name="timeout"/>; <see cref="Closing"/> and <see cref="Analysis"/> tell when.
    /// </summary>
    public void End(RunStatus status, string? errorMessage, TimeSpan timeout)
    {
        lock (gate)
        {
            if (ended)
            {
                return;
            }

            ended = true;
            subscription?.Dispose();
            // A run that never saw a time of its own still starts before it ends (on the clock's fallback).
            OpenLocked(force: true);
            Guard.Run(problems, "OCO groups", () => flow.Settle(Now));
            Record(new RunEnded { RunId = RunId, EventUtc = Now, Source = Definition.Source, Status = status, ErrorMessage = errorMessage });
        }

        foreach (var bars in series)
        {
            bars.Dispose();
        }

        Analysis = RunEnding.Analyse(session, RunId, problems);
        Closing = RunEnding.Close(session, timeout, problems);
    }

    private void Begin(BarRequest? request, IPlatformEvents platform)
    {
        bool open;
        lock (gate)
        {
            bars = request;
            open = OpenLocked(force: false);
        }

        subscription = platform.Subscribe(OnOrder, OnTrade);

        // Orders already working when the run starts (attaching to a running strategy) belong to it too.
        foreach (var order in platform.Orders)
        {
            OnOrder(order);
        }

        if (open)
        {
            StartBars();
        }
    }

    // The run's opening events, once its clock knows the run's time: at once on a live connection or with a given
    // clock, at the first vendor time on a simulated connection. What arrived before (an author's calls) follows them.
    // True when this call opened the run and its bars are still to start.
    private bool OpenLocked(bool force)
    {
        if (opened || (!force && !clock.Known))
        {
            return false;
        }

        opened = true;
        foreach (var e in RunOpening.Events(Definition, RunId, Now))
        {
            Record(e);
        }

        foreach (var action in waiting)
        {
            action();
        }

        waiting.Clear();
        return bars is not null && !ended;
    }

    // The bar request's window is the run's time, so bars start once it is known; never under the run's lock (the
    // history request is synchronous).
    private void StartBars() => Guard.Run(problems, "bars", () =>
    {
        var request = bars!;
        var recorder = new BarSeriesRecorder(request.Symbol, request.Period, request.VolumeAnalysis, RunId, Definition.Source, EmitBar, clock, problems);
        lock (gate)
        {
            if (ended)
            {
                return;
            }

            series.Add(recorder);
            flow.Meet(request.Symbol, scope.Account, double.NaN, Now);
        }

        recorder.Start();
    });

    private void OnOrder(Order order) => Guard.Run(problems, "order " + order?.Id, () =>
    {
        if (order is not null && scope.Matches(order))
        {
            clock.Observe(order.LastUpdateTime);
            Locked(() => flow.Order(order, Now));
        }
    });

    private void OnTrade(Trade trade) => Guard.Run(problems, "trade " + trade?.Id, () =>
    {
        if (trade is not null && scope.Matches(trade))
        {
            clock.Observe(trade.DateTime);
            Locked(() => flow.Trade(trade, Now));
        }
    });

    private void EmitBar(RecorderEvent bar) => Locked(() => Record(bar));

    private void Locked(string what, Action action) => Guard.Run(problems, what, () => Locked(action));

    // Under the run's lock, and only while the run is open; before its time is known, kept for its opening.
    private void Locked(Action action)
    {
        var startBars = false;
        lock (gate)
        {
            if (ended)
            {
                return;
            }

            startBars = OpenLocked(force: false);
            if (opened)
            {
                action();
            }
            else
            {
                waiting.Add(action);
            }
        }

        if (startBars)
        {
            StartBars();
        }
    }

    private void Record(RecorderEvent e)
    {
        if (session.Record(e))
        {
            Interlocked.Increment(ref recorded);
        }
        else
        {
            problems.Report($"the writer did not accept a {e.EventType} event (is the database closed?)");
        }
    }
}
