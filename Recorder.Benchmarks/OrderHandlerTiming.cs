using System.Diagnostics;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// Times what runs between two subscriptions to the platform's order and fill events. The platform calls an event's
/// subscribers one after another in the order they subscribed, on the connection's thread, so a "begin" handler
/// subscribed just before <c>RunRecorder.Start</c> and an "end" handler just after it bracket the recorder's own
/// handlers: the sum is the time the recorder's order, fill and order-history handlers take on that thread.
/// </summary>
internal sealed class OrderHandlerTiming
{
    private long begun;
    private long elapsed;
    private Subscription? begin;
    private Subscription? end;

    public double Seconds => Stopwatch.GetElapsedTime(0, Volatile.Read(ref elapsed)).TotalSeconds;

    public void SubscribeBegin(Core core) => begin = new Subscription(core, () => begun = Stopwatch.GetTimestamp());

    public void SubscribeEnd(Core core) => end = new Subscription(core, () => elapsed += Stopwatch.GetTimestamp() - begun);

    public void Unsubscribe()
    {
        begin?.Dispose();
        end?.Dispose();
    }

    private sealed class Subscription : IDisposable
    {
        private readonly Core core;
        private readonly Action<Order> onOrder;
        private readonly Action<OrderHistory> onHistory;
        private readonly Action<Trade> onTrade;

        public Subscription(Core core, Action mark)
        {
            this.core = core;
            onOrder = _ => mark();
            onHistory = _ => mark();
            onTrade = _ => mark();
            core.OrderAdded += onOrder;
            core.OrderRemoved += onOrder;
            core.OrdersHistoryAdded += onHistory;
            core.TradeAdded += onTrade;
        }

        public void Dispose()
        {
            core.OrderAdded -= onOrder;
            core.OrderRemoved -= onOrder;
            core.OrdersHistoryAdded -= onHistory;
            core.TradeAdded -= onTrade;
        }
    }
}
