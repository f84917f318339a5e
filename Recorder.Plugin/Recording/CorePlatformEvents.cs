using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>The platform's events as <see cref="Core"/> raises them (OrderAdded, OrderRemoved, OrdersHistoryAdded, TradeAdded).</summary>
internal sealed class CorePlatformEvents(Core core) : IPlatformEvents
{
    public IReadOnlyList<Order> Orders => core.Orders;

    public IDisposable Subscribe(Action<Order> onOrder, Action<Trade> onTrade) => new Subscription(core, onOrder, onTrade);

    private sealed class Subscription : IDisposable
    {
        private readonly Core core;
        private readonly Action<Order> onOrder;
        private readonly Action<OrderHistory> onHistory;
        private readonly Action<Trade> onTrade;
        private int disposed;

        public Subscription(Core core, Action<Order> onOrder, Action<Trade> onTrade)
        {
            this.core = core;
            this.onOrder = onOrder;
            this.onHistory = onOrder;
            this.onTrade = onTrade;
            core.OrderAdded += onOrder;
            core.OrderRemoved += onOrder;
            core.OrdersHistoryAdded += onHistory;
            core.TradeAdded += onTrade;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) != 0)
            {
                return;
            }

            core.OrderAdded -= onOrder;
            core.OrderRemoved -= onOrder;
            core.OrdersHistoryAdded -= onHistory;
            core.TradeAdded -= onTrade;
        }
    }
}
