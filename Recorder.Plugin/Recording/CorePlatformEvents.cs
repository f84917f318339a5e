using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>The platform's events as <see cref="Core"/> raises them (OrderAdded, OrderRemoved, OrdersHistoryAdded, TradeAdded).</summary>
internal sealed class CorePlatformEvents(Core core) : IPlatformEvents
{
    public IReadOnlyList<Order> Orders => core.Orders;

    public IDisposable Subscribe(Action<Order> onOrder, Action<Trade> onTrade)
    {
        // A handler of the event's own type: an Action<Order> passed on by variance is a delegate of another type, and
        // the event's combine with the platform's own Action<OrderHistory> handlers would throw at whichever came second.
        Action<OrderHistory> onHistory = history => onOrder(history);
        core.OrderAdded += onOrder;
        core.OrderRemoved += onOrder;
        core.OrdersHistoryAdded += onHistory;
        core.TradeAdded += onTrade;
        return new Unsubscription(() =>
        {
            core.OrderAdded -= onOrder;
            core.OrderRemoved -= onOrder;
            core.OrdersHistoryAdded -= onHistory;
            core.TradeAdded -= onTrade;
        });
    }

    // Unsubscribes once, however often it is disposed (a run's end and its abandonment both dispose it).
    private sealed class Unsubscription(Action unsubscribe) : IDisposable
    {
        private Action? unsubscribe = unsubscribe;

        public void Dispose() => Interlocked.Exchange(ref unsubscribe, null)?.Invoke();
    }
}
