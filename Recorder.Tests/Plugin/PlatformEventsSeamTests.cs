using NUnit.Framework;
using QuantowerRecorder.Plugin.Diagnostics;
using QuantowerRecorder.Plugin.Recording;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Plugin.Support;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Tests.Plugin;

/// <summary>A run follows the platform through <see cref="IPlatformEvents"/>: a test can feed it orders and fills itself.</summary>
[TestFixture]
public sealed class PlatformEventsSeamTests : PluginTestBase
{
    [Test]
    public void A_run_records_what_its_platform_events_deliver_and_unsubscribes_at_its_end()
    {
        // The orders exist at the stand-in's broker, but reach the run only through the fake's callbacks.
        var working = Place(Request(Side.Buy, OrderType.Limit, price: 95));
        var later = Place(Request(Side.Sell, OrderType.Limit, price: 105));
        var events = new FakePlatformEvents([working]);
        var definition = new RunDefinition { StrategyName = "Seam", Parameters = [], Source = RunSource.Live };
        // Both limit orders stay working: the run's end waits for them up to its drain's limit, then ends.
        var drain = new RunDrain(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(300));
        // What the run says as it ends, for a failure's message (this test once timed out on its close in a loaded CI run).
        var said = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var tracker = RunTracker.Start(Db.Path, RecorderSession.Open(Db.Path), definition, new RunScope(Account, Symbol, null), null,
            RunClock.For(Clock, simulated: false, null, null), drain, new ProblemLog((message, _) => said.Enqueue(message)), events);

        Assert.That(events.Subscribed, Is.True);
        events.RaiseOrder(later);
        tracker.End(RunStatus.Completed, null, TimeSpan.FromSeconds(10));
        Assert.That(events.Subscribed, Is.True, "while its orders may still settle, the ending run listens");
        Clock.Advance(drain.Limit - TimeSpan.FromTicks(1));
        Assert.That((events.Subscribed, tracker.WhenClosed.IsCompleted), Is.EqualTo((true, false)), "just before its drain's limit it still listens");
        Clock.Advance(TimeSpan.FromTicks(1));
        Assert.That(tracker.WhenClosed.Wait(TimeSpan.FromSeconds(30)), Is.True,
            () => $"the run ends at its drain's limit; it said: {string.Join(" | ", said)}; counters: {tracker.Counters}");
        events.RaiseOrder(Place(Request(Side.Buy, OrderType.Limit, price: 90)));

        Assert.That(events.Subscribed, Is.False, "the run's end disposes its subscription");
        Assert.That(Rows<string>("SELECT order_id FROM orders ORDER BY order_id"), Is.EqualTo(new[] { working.Id, later.Id }.Order(StringComparer.Ordinal)));
        Assert.That(Rows<string>("SELECT status FROM strategy_runs"), Is.EqualTo(new[] { "COMPLETED" }));
    }

    [Test]
    public void The_runs_handler_of_orders_history_sits_beside_the_platforms_own_handlers()
    {
        // The platform's own panels handle OrdersHistoryAdded as Action<OrderHistory>. A run's Action<Order> passed on
        // by variance is a delegate of another type: combined with theirs, whichever subscribes second would throw.
        var core = Core.Instance;
        var platform = new List<string>();
        Action<OrderHistory> panel = _ => platform.Add("panel");
        Action<OrderHistory> laterPanel = _ => platform.Add("later panel");
        var seen = new List<Order>();
        var (heard, after) = (new OrderHistory("c"), new OrderHistory("c"));
        core.OrdersHistoryAdded += panel;
        try
        {
            using (new CorePlatformEvents(core).Subscribe(seen.Add, _ => { }))
            {
                core.OrdersHistoryAdded += laterPanel;
                core.RaiseOrdersHistoryAdded(heard);
            }

            core.RaiseOrdersHistoryAdded(after);
        }
        finally
        {
            core.OrdersHistoryAdded -= panel;
            core.OrdersHistoryAdded -= laterPanel;
        }

        Assert.That(seen, Is.EqualTo(new Order[] { heard }), "heard while subscribed, not after its end");
        Assert.That(platform, Is.EqualTo(new[] { "panel", "later panel", "panel", "later panel" }), "the platform's handlers keep hearing");
    }

    private sealed class FakePlatformEvents(IReadOnlyList<Order> orders) : IPlatformEvents
    {
        private Action<Order>? onOrder;

        public IReadOnlyList<Order> Orders => orders;

        public bool Subscribed => onOrder is not null;

        public IDisposable Subscribe(Action<Order> onOrder, Action<Trade> onTrade)
        {
            this.onOrder = onOrder;
            return new Unsubscribe(() => this.onOrder = null);
        }

        public void RaiseOrder(Order order) => onOrder?.Invoke(order);

        private sealed class Unsubscribe(Action action) : IDisposable
        {
            public void Dispose() => action();
        }
    }
}
