using System.Runtime.InteropServices;
using QuantowerRecorder.Plugin.Diagnostics;
using QuantowerRecorder.Plugin.Mapping;
using QuantowerRecorder.Storage.Records;
using TradingPlatform.BusinessLayer;
using RecordedSide = QuantowerRecorder.Analytics.Side;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>
/// How a run's orders and fills become events: the comment filter, the mappers, OCO groups and brackets, fills that
/// arrive before their order, and a symbol's contract facts before its first event. Not thread-safe: the run calls it
/// under its lock, so the events come out in the order they were mapped.
/// </summary>
internal sealed class RunEventFlow
{
    // Fills that arrive before their order while a comment filter is active wait for it; a bound keeps a stream of
    // unrelated fills from growing without end.
    private const int MaxParkedTrades = 10_000;

    private readonly string runId;
    private readonly RunSource source;
    private readonly RunScope scope;
    private readonly ProblemLog problems;
    private readonly Action<RecorderEvent> record;
    private readonly OrderMapper orders = new();
    private readonly ExecutionMapper executions = new();
    private readonly InstrumentMapper instruments = new();
    private readonly DecisionTies decisions = new();
    private readonly OcoTracker oco;
    private readonly Dictionary<string, List<Trade>> parkedTrades = new(StringComparer.Ordinal);
    private int parkedCount;

    public RunEventFlow(string runId, RunSource source, RunScope scope, ProblemLog problems, Action<RecorderEvent> record)
    {
        this.runId = runId;
        this.source = source;
        this.scope = scope;
        this.problems = problems;
        this.record = record;
        oco = new OcoTracker(runId, source);
    }

    public void Order(Order order, DateTime now)
    {
        if (!(scope.CommentMatches(order.Comment) || orders.Knows(order.Id) || oco.IsRelated(order)))
        {
            return;
        }

        var changes = new OcoChanges();
        oco.Observe(order, now, changes);
        foreach (var (leg, parent) in changes.Parents)
        {
            // Sets the parent for the snapshot below, or amends a leg recorded earlier.
            if (orders.SetParent(leg, parent) is { } amended && !string.Equals(leg, order.Id, StringComparison.Ordinal))
            {
                record(amended);
            }
        }

        Meet(order.Symbol, order.Account, double.IsFinite(order.Price) ? order.Price : order.TriggerPrice, now);
        var isNew = !orders.Knows(order.Id);
        if (orders.Map(order, runId, source, now) is { } snapshot)
        {
            record(snapshot);
            if (isNew && decisions.Tie(snapshot) is { } tied)
            {
                record(tied);
            }
        }

        foreach (var e in changes.Events)
        {
            record(e);
        }

        if (parkedTrades.Remove(order.Id, out var waiting))
        {
            parkedCount -= waiting.Count;
            foreach (var trade in waiting)
            {
                Fill(trade, now);
            }
        }
    }

    public void Trade(Trade trade, DateTime now)
    {
        if (!scope.CommentMatches(trade.Comment) && !orders.Knows(trade.OrderId ?? string.Empty))
        {
            Park(trade);
            return;
        }

        Fill(trade, now);
    }

    /// <summary>Records a decision mark (the strategy's clock time); the next new order of its symbol and side is tied to it.</summary>
    public string Decide(string symbol, RecordedSide side, double quantity, double price, string? signal, DateTime now)
    {
        var mark = decisions.Mark(runId, source, now, symbol, side, quantity, price, signal);
        record(mark);
        return mark.DecisionId;
    }

    public void Tag(string orderId, string tag)
    {
        if (orders.Tag(orderId, tag) is { } amended)
        {
            record(amended);
        }
    }

    public void DeclareOcoGroup(string label, IEnumerable<OcoMember> members, DateTime now)
    {
        var changes = new OcoChanges();
        oco.Declare(label, members, now, changes);
        Apply(changes);
    }

    /// <summary>At the run's end: the OCO groups still forming are written as they are.</summary>
    public void Settle(DateTime now)
    {
        var changes = new OcoChanges();
        oco.Settle(now, changes);
        Apply(changes);
    }

    // The first time the run meets a symbol, its contract facts go first: money figures need its point value.
    public void Meet(Symbol? symbol, Account? account, double price, DateTime now) =>
        Guard.Run(problems, "instrument", symbol?.Name, (Self: this, Symbol: symbol, Account: account, Price: price, Now: now), static s =>
        {
            if (s.Self.instruments.Capture(s.Symbol, s.Account ?? s.Self.scope.Account, s.Price, s.Self.runId, s.Self.source, s.Now) is { } instrument)
            {
                s.Self.record(instrument);
            }
        });

    private void Fill(Trade trade, DateTime now)
    {
        var changes = new OcoChanges();
        oco.ObserveFill(trade, now, changes);
        Meet(trade.Symbol, trade.Account, trade.Price, now);
        if (executions.Map(trade, runId, source, now) is { } execution)
        {
            record(execution);
        }

        Apply(changes);
    }

    private void Park(Trade trade)
    {
        if (string.IsNullOrEmpty(trade.OrderId) || parkedCount >= MaxParkedTrades)
        {
            return;
        }

        (CollectionsMarshal.GetValueRefOrAddDefault(parkedTrades, trade.OrderId, out _) ??= []).Add(trade);
        parkedCount++;
    }

    private void Apply(OcoChanges changes)
    {
        foreach (var e in changes.Events)
        {
            record(e);
        }

        foreach (var (leg, parent) in changes.Parents)
        {
            if (orders.SetParent(leg, parent) is { } amended)
            {
                record(amended);
            }
        }
    }
}
