using QuantowerRecorder.Plugin.Diagnostics;
using QuantowerRecorder.Plugin.Mapping;
using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>
/// One run being recorded: it writes the run's definition and start, follows the platform's order, fill and bar
/// events within its scope, and writes the end. Handlers run on the connections' threads (several at once for several
/// connections); a lock keeps each run's events in the order they were mapped. Nothing here throws into the platform.
/// </summary>
internal sealed class RunTracker
{
    // Fills that arrive before their order while a comment filter is active wait for it; a bound keeps a stream of
    // unrelated fills from growing without end.
    private const int MaxParkedTrades = 10_000;

    private readonly object gate = new();
    private readonly RecorderSession session;
    private readonly RunScope scope;
    private readonly TimeProvider clock;
    private readonly ProblemLog problems;
    private readonly OrderMapper orders = new();
    private readonly ExecutionMapper executions = new();
    private readonly InstrumentMapper instruments = new();
    private readonly OcoTracker oco;
    private readonly Dictionary<string, List<Trade>> parkedTrades = new(StringComparer.Ordinal);
    private readonly List<BarSeriesRecorder> series = [];
    private readonly Core core;
    private readonly DateTimeOffset startUtc;
    private int parkedCount;
    private long recorded;
    private bool ended;

    private RunTracker(RecorderSession session, RunDefinition definition, RunScope scope, TimeProvider clock, ProblemLog problems)
    {
        this.session = session;
        this.Definition = definition;
        this.scope = scope;
        this.clock = clock;
        this.problems = problems;
        this.core = Core.Instance;
        // The id's time part is the run's start as the run saw it (the injected clock: simulated time when the host
        // drives one), and the same instant is stored as its start_utc, so an id tells when its run began.
        this.startUtc = clock.GetUtcNow();
        this.RunId = Identities.NewRunId(startUtc);
        this.oco = new OcoTracker(RunId, definition.Source);
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

    private RunSource Source => Definition.Source;

    /// <summary>Writes the definition and the start, subscribes, and records the orders already working in scope.</summary>
    public static RunTracker Start(RecorderSession session, RunDefinition definition, RunScope scope, BarRequest? bars,
        TimeProvider clock, ProblemLog problems)
    {
        var tracker = new RunTracker(session, definition, scope, clock, problems);
        tracker.Begin(bars);
        return tracker;
    }

    public void TagOrder(string orderId, string tag) => Guard.Run(problems, "TagOrder", () =>
    {
        lock (gate)
        {
            if (!ended && orders.Tag(orderId, tag) is { } amended)
            {
                Record(amended);
            }
        }
    });

    public void DeclareOcoGroup(string label, IEnumerable<KeyValuePair<string, string?>> members) => Guard.Run(problems, "DeclareOcoGroup", () =>
    {
        lock (gate)
        {
            if (ended)
            {
                return;
            }

            var changes = new OcoChanges();
            oco.Declare(label, members, Now, changes);
            Apply(changes);
        }
    });

    public void ReportProgress(long processed, long? total) => Guard.Run(problems, "ReportProgress", () =>
    {
        lock (gate)
        {
            if (!ended)
            {
                Record(new RunProgress { RunId = RunId, EventUtc = Now, Source = Source, ProcessedCount = processed, TotalCount = total });
            }
        }
    });

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
            Unsubscribe();
            Guard.Run(problems, "OCO groups", () =>
            {
                var changes = new OcoChanges();
                oco.Settle(Now, changes);
                Apply(changes);
            });
            Record(new RunEnded { RunId = RunId, EventUtc = Now, Source = Source, Status = status, ErrorMessage = errorMessage });
        }

        foreach (var bars in series)
        {
            bars.Dispose();
        }

        // Never faults: what went wrong is in the strategy's log, and the results can be made again with `recorder analyze`.
        var runId = RunId;
        Analysis = session.AnalyzeRunWhenWritten(runId).ContinueWith(t =>
        {
            if (t.IsFaulted)
            {
                problems.Report("analysing the run", t.Exception!.GetBaseException());
            }
            else if (t.IsCanceled)
            {
                problems.Report($"the run was not analysed (the file closed first); compute it with: recorder analyze {runId}");
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        Closing = BackgroundCloses.Run(() =>
        {
            var result = session.Close(timeout);
            if (!result.Completed)
            {
                problems.Report($"the database did not take every event in time: {result.Pending} pending ({result.Message})");
            }
        }, problems);
    }

    private void Begin(BarRequest? bars)
    {
        var now = startUtc.UtcDateTime;
        var d = Definition;
        lock (gate)
        {
            Record(new StrategyDefined
            {
                RunId = RunId, EventUtc = now, Source = Source, StrategyId = d.StrategyId, Name = d.StrategyName,
                Version = d.StrategyVersion, Vendor = d.Vendor, SourceRef = d.SourceRef,
            });
            Record(new InstanceDefined
            {
                RunId = RunId, EventUtc = now, Source = Source, InstanceId = d.InstanceId, StrategyId = d.StrategyId,
                InstanceName = d.InstanceName, ParametersJson = CanonicalJson.Parameters(d.Parameters),
                Symbol = d.Symbols.Count == 1 ? d.Symbols[0] : null,
                SymbolsJson = d.Symbols.Count > 1 ? System.Text.Json.JsonSerializer.Serialize(d.Symbols) : null,
                Timeframe = d.Timeframe, AccountId = d.AccountId, Venue = d.Venue, ConfigHash = d.ConfigHash,
            });
            Record(new RunStarted
            {
                RunId = RunId, EventUtc = now, Source = Source, InstanceId = d.InstanceId, EngineVersion = d.EngineVersion,
                DataSource = d.DataSource, InitialBalance = d.InitialBalance, BaseCurrency = d.BaseCurrency,
                FingerprintJson = d.FingerprintJson,
            });
        }

        core.OrderAdded += OnOrder;
        core.OrderRemoved += OnOrder;
        core.OrdersHistoryAdded += OnOrderHistory;
        core.TradeAdded += OnTrade;

        // Orders already working when the run starts (attaching to a running strategy) belong to it too.
        foreach (var order in core.Orders)
        {
            OnOrder(order);
        }

        if (bars is not null)
        {
            Guard.Run(problems, "bars", () =>
            {
                var recorder = new BarSeriesRecorder(bars.Symbol, bars.Period, bars.VolumeAnalysis, RunId, Source, EmitBar, clock, problems);
                lock (gate)
                {
                    series.Add(recorder);
                    Meet(bars.Symbol, scope.Account, double.NaN);
                }

                recorder.Start();
            });
        }
    }

    private void Unsubscribe()
    {
        core.OrderAdded -= OnOrder;
        core.OrderRemoved -= OnOrder;
        core.OrdersHistoryAdded -= OnOrderHistory;
        core.TradeAdded -= OnTrade;
    }

    private void OnOrderHistory(OrderHistory history) => OnOrder(history);

    private void OnOrder(Order order) => Guard.Run(problems, "order " + order?.Id, () =>
    {
        if (order is null || !scope.Matches(order))
        {
            return;
        }

        lock (gate)
        {
            if (ended || !(scope.CommentMatches(order.Comment) || orders.Knows(order.Id) || oco.IsRelated(order)))
            {
                return;
            }

            var changes = new OcoChanges();
            oco.Observe(order, Now, changes);
            foreach (var (leg, parent) in changes.Parents)
            {
                // Sets the parent for the snapshot below, or amends a leg recorded earlier.
                if (!string.Equals(leg, order.Id, StringComparison.Ordinal) && orders.SetParent(leg, parent) is { } amended)
                {
                    Record(amended);
                }
                else if (string.Equals(leg, order.Id, StringComparison.Ordinal))
                {
                    orders.SetParent(leg, parent);
                }
            }

            Meet(order.Symbol, order.Account, double.IsFinite(order.Price) ? order.Price : order.TriggerPrice);
            if (orders.Map(order, RunId, Source, Now) is { } snapshot)
            {
                Record(snapshot);
            }

            foreach (var e in changes.Events)
            {
                Record(e);
            }

            if (parkedTrades.Remove(order.Id, out var waiting))
            {
                parkedCount -= waiting.Count;
                foreach (var trade in waiting)
                {
                    RecordTrade(trade);
                }
            }
        }
    });

    private void OnTrade(Trade trade) => Guard.Run(problems, "trade " + trade?.Id, () =>
    {
        if (trade is null || !scope.Matches(trade))
        {
            return;
        }

        lock (gate)
        {
            if (ended)
            {
                return;
            }

            if (!scope.CommentMatches(trade.Comment) && !orders.Knows(trade.OrderId ?? string.Empty))
            {
                Park(trade);
                return;
            }

            RecordTrade(trade);
        }
    });

    private void RecordTrade(Trade trade)
    {
        var changes = new OcoChanges();
        oco.ObserveFill(trade, Now, changes);
        Meet(trade.Symbol, trade.Account, trade.Price);
        if (executions.Map(trade, RunId, Source, Now) is { } execution)
        {
            Record(execution);
        }

        Apply(changes);
    }

    private void Park(Trade trade)
    {
        if (string.IsNullOrEmpty(trade.OrderId) || parkedCount >= MaxParkedTrades)
        {
            return;
        }

        if (!parkedTrades.TryGetValue(trade.OrderId, out var list))
        {
            parkedTrades[trade.OrderId] = list = [];
        }

        list.Add(trade);
        parkedCount++;
    }

    private void Apply(OcoChanges changes)
    {
        foreach (var e in changes.Events)
        {
            Record(e);
        }

        foreach (var (leg, parent) in changes.Parents)
        {
            if (orders.SetParent(leg, parent) is { } amended)
            {
                Record(amended);
            }
        }
    }

    // The first time the run meets a symbol, its contract facts go first: money figures need its point value.
    private void Meet(Symbol? symbol, Account? account, double price) => Guard.Run(problems, "instrument " + symbol?.Name, () =>
    {
        if (instruments.Capture(symbol, account ?? scope.Account, price, RunId, Source, Now) is { } instrument)
        {
            Record(instrument);
        }
    });

    private void EmitBar(RecorderEvent bar)
    {
        lock (gate)
        {
            if (!ended)
            {
                Record(bar);
            }
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
