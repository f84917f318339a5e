using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>The platform's events as <see cref="Core"/> raises them (OrderAdded, OrderRemoved, OrdersHistoryAdded, TradeAdded).</summary>
internal sealed class CorePlatformEvents(Core core) : IPlatformEvents
{
    public IReadOnlyList<Order> Orders => core.Orders;

    public IDisposable Subscribe(Action<Order> onOrder, Action<Trade> onTrade)
    {
        core.OrderAdded += onOrder;
        core.OrderRemoved += onOrder;
        core.OrdersHistoryAdded += onOrder;
        core.TradeAdded += onTrade;
        return new Unsubscription(() =>
        {
            core.OrderAdded -= onOrder;
            core.OrderRemoved -= onOrder;
            core.OrdersHistoryAdded -= onOrder;
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
