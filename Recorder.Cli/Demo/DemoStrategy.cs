using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Cli.Demo;

/// <summary>
/// The sample strategy's decisions: a moving-average crossover that enters at market (filled in two parts), protects
/// every position with a bracket (stop-loss and take-profit in one OCO group, so one fill cancels the other), and
/// reverses on the opposite signal (cancelling the old bracket). Deterministic: same bars, same decisions.
/// </summary>
internal sealed class DemoStrategy(int fast, int slow, double stopPercent, double targetPercent, double quantity, DemoInstrument instrument)
{
    private readonly List<DemoStep> steps = [];
    private int orders;
    private int fills;
    private int groups;
    private int position; // -1 short, 0 flat, +1 long (of `quantity`)
    private (DemoOrder Stop, DemoOrder Target)? bracket;

    public IReadOnlyList<DemoStep> Run(IReadOnlyList<DemoBar> bars, bool flattenAtEnd)
    {
        var closes = new List<double>(bars.Count);
        double? previous = null;
        foreach (var bar in bars)
        {
            WorkBracket(bar);
            steps.Add(bar);
            closes.Add(bar.Close);
            if (closes.Count < slow)
            {
                continue;
            }

            var spread = Average(closes, fast) - Average(closes, slow);
            if (previous is { } before)
            {
                if (before <= 0 && spread > 0 && position <= 0)
                {
                    Enter(TradeSide.Buy, bar);
                }
                else if (before >= 0 && spread < 0 && position >= 0)
                {
                    Enter(TradeSide.Sell, bar);
                }
            }

            previous = spread;
        }

        if (flattenAtEnd && position != 0)
        {
            Flatten(bars[^1]);
        }

        return steps;
    }

    // The bracket placed at the previous close works during this bar; the stop is assumed to trigger first when the
    // bar touches both (the cautious reading of a bar).
    private void WorkBracket(DemoBar bar)
    {
        if (bracket is not { } working)
        {
            return;
        }

        var time = bar.OpenUtc.AddMinutes(20);
        var stopPrice = working.Stop.StopPrice!.Value;
        var long_ = position > 0;
        var stopHit = long_ ? bar.Low <= stopPrice : bar.High >= stopPrice;
        var targetHit = long_ ? bar.High >= working.Target.Price!.Value : bar.Low <= working.Target.Price!.Value;
        if (stopHit)
        {
            // A stop becomes a market order: it fills a tick beyond the trigger, or at the open after a gap.
            var price = long_ ? Math.Min(stopPrice, bar.Open) - instrument.TickSize : Math.Max(stopPrice, bar.Open) + instrument.TickSize;
            FillCompletely(working.Stop, time, price);
            Cancel(working.Target, time.AddMilliseconds(120));
        }
        else if (targetHit)
        {
            FillCompletely(working.Target, time, working.Target.Price!.Value);
            Cancel(working.Stop, time.AddMilliseconds(120));
        }
        else
        {
            return;
        }

        bracket = null;
        position = 0;
    }

    private void Enter(TradeSide side, DemoBar bar)
    {
        var time = bar.TimeUtc;
        var reversing = position != 0;
        if (bracket is { } old)
        {
            Cancel(old.Stop, time.AddMilliseconds(50));
            Cancel(old.Target, time.AddMilliseconds(60));
            bracket = null;
        }

        // A reversal closes the old position and opens the new one with a single order of twice the size.
        var size = reversing ? 2 * quantity : quantity;
        if (size < 2)
        {
            throw new InvalidOperationException("The demo fills entries in two parts; its quantity must be at least 2.");
        }

        var sign = side == TradeSide.Buy ? 1 : -1;
        var tag = (reversing ? "reversal-" : "cross-") + (side == TradeSide.Buy ? "long" : "short");
        var order = new DemoOrder(time.AddMilliseconds(100), NextOrderId(), side, "MARKET", size, "OPENED", time.AddMilliseconds(100)) { Tag = tag };
        steps.Add(order);

        // Filled in two parts: the first at the close plus a tick of slippage, the rest a tick worse. A reversal's
        // first part crosses flat, so one fill both closes the old position and opens the new one.
        var first = reversing ? quantity + 1 : Math.Ceiling(size / 2);
        var firstPrice = bar.Close + (sign * instrument.TickSize);
        var secondPrice = bar.Close + (sign * 2 * instrument.TickSize);
        AddFill(order, time.AddMilliseconds(300), first, firstPrice);
        order = order with
        {
            TimeUtc = time.AddMilliseconds(300), Status = "PARTIALLY_FILLED", FilledQuantity = first, AverageFillPrice = firstPrice,
        };
        steps.Add(order);
        AddFill(order, time.AddMilliseconds(600), size - first, secondPrice);
        var average = ((first * firstPrice) + ((size - first) * secondPrice)) / size;
        order = order with { TimeUtc = time.AddMilliseconds(600), Status = "FILLED", FilledQuantity = size, AverageFillPrice = average };
        steps.Add(order);
        position = sign;
        PlaceBracket(order, side, average, time.AddSeconds(1));
    }

    private void PlaceBracket(DemoOrder entry, TradeSide side, double entryPrice, DateTime time)
    {
        var exit = side == TradeSide.Buy ? TradeSide.Sell : TradeSide.Buy;
        var sign = side == TradeSide.Buy ? 1 : -1;
        var stop = new DemoOrder(time, NextOrderId(), exit, "STOP", quantity, "OPENED", time)
        {
            StopPrice = instrument.Round(entryPrice * (1 - (sign * stopPercent / 100))), ParentOrderId = entry.OrderId, Tag = "stop-loss",
        };
        var target = new DemoOrder(time, NextOrderId(), exit, "LIMIT", quantity, "OPENED", time)
        {
            Price = instrument.Round(entryPrice * (1 + (sign * targetPercent / 100))), ParentOrderId = entry.OrderId, Tag = "take-profit",
        };
        steps.Add(stop);
        steps.Add(target);
        groups++;
        steps.Add(new DemoOcoGroup(time, $"bracket-{groups}", $"Bracket {groups} of {entry.OrderId}",
            [(stop.OrderId, "SL"), (target.OrderId, "TP")]));
        bracket = (stop, target);
    }

    private void Flatten(DemoBar bar)
    {
        var time = bar.TimeUtc.AddSeconds(1);
        if (bracket is { } working)
        {
            Cancel(working.Stop, time);
            Cancel(working.Target, time);
            bracket = null;
        }

        var side = position > 0 ? TradeSide.Sell : TradeSide.Buy;
        var order = new DemoOrder(time, NextOrderId(), side, "MARKET", quantity, "OPENED", time) { Tag = "end-of-test exit" };
        steps.Add(order);
        FillCompletely(order, time.AddMilliseconds(250), bar.Close);
        position = 0;
    }

    private void FillCompletely(DemoOrder order, DateTime time, double price)
    {
        AddFill(order, time, order.Quantity, price);
        steps.Add(order with { TimeUtc = time, Status = "FILLED", FilledQuantity = order.Quantity, AverageFillPrice = price });
    }

    private void Cancel(DemoOrder order, DateTime time) => steps.Add(order with { TimeUtc = time, Status = "CANCELED" });

    private void AddFill(DemoOrder order, DateTime time, double size, double price)
    {
        fills++;
        var fee = instrument.Fee(price, size);
        steps.Add(new DemoFill(time, $"X-{fills:D5}", order.OrderId, order.Side, size, price, fee));
    }

    private string NextOrderId() => $"O-{++orders:D5}";

    private static double Average(List<double> closes, int length)
    {
        double sum = 0;
        for (var i = closes.Count - length; i < closes.Count; i++)
        {
            sum += closes[i];
        }

        return sum / length;
    }
}
