using System.Globalization;
using QuantowerRecorder.Storage.Records;
using RecordedSide = QuantowerRecorder.Analytics.Side;

namespace QuantowerRecorder.Plugin.Mapping;

/// <summary>
/// Decision marks waiting for their order (RunRecorder.MarkDecision; docs/events.md, DECISION): a mark ties the next new order the run
/// meets of its symbol and side; a later mark of the same symbol replaces one still waiting (that one stays untied).
/// Not thread-safe: the run calls it under its lock.
/// </summary>
internal sealed class DecisionTies
{
    private readonly Dictionary<string, DecisionMarked> waiting = new(StringComparer.Ordinal);
    private int count;

    /// <summary>A new mark: its id is unique within the run (D-1, D-2, …).</summary>
    public DecisionMarked Mark(string runId, RunSource source, DateTime now, string symbol, RecordedSide side, double quantity, double price, string? signal)
    {
        var mark = new DecisionMarked
        {
            RunId = runId, EventUtc = now, Source = source,
            DecisionId = "D-" + (++count).ToString(CultureInfo.InvariantCulture),
            Symbol = symbol, Side = side, Quantity = quantity, Price = price, Signal = signal,
        };
        waiting[symbol] = mark;
        return mark;
    }

    /// <summary>The mark tied to a newly met order (the mark again, with the order id), or null when none waits for it.</summary>
    public DecisionMarked? Tie(OrderSnapshot firstSnapshot)
    {
        if (!waiting.TryGetValue(firstSnapshot.Symbol, out var mark) || mark.Side != firstSnapshot.Side)
        {
            return null;
        }

        waiting.Remove(firstSnapshot.Symbol);
        return mark with { OrderId = firstSnapshot.OrderId };
    }
}
