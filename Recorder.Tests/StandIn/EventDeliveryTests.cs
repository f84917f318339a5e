using NUnit.Framework;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Tests.StandIn;

/// <summary>
/// Events come as the platform delivers them (quantower-api.md §1): on the connection's own thread, after the call that
/// caused them. The connection's thread is held on a gate where a test must see what the platform has not done yet.
/// </summary>
[TestFixture]
public sealed class EventDeliveryTests : PlatformTestBase
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Test]
    public void PlaceOrder_returns_the_order_id_before_OrderAdded_which_comes_on_the_connection_thread()
    {
        using var gate = new ManualResetEventSlim();
        var addedOn = new List<int>();
        Core.OrderAdded += _ => addedOn.Add(Environment.CurrentManagedThreadId);
        this.HoldConnectionThread(gate);

        var result = Core.PlaceOrder(this.Market(Side.Buy));

        Assert.That(result.Status, Is.EqualTo(TradingOperationResultStatus.Success));
        Assert.That(result.OrderId, Is.Not.Empty);
        Assert.That(Core.GetOrderById(result.OrderId), Is.Null, "the vendor's order message is still queued");
        Assert.That(this.Broker.Connection.MessagesQueueDepth, Is.EqualTo(1));
        gate.Set();
        this.Broker.WaitForIdle();
        Assert.That(Core.GetOrderById(result.OrderId), Is.Not.Null);
        Assert.That(this.Broker.Connection.MessagesQueueDepth, Is.Zero);
        Assert.That(addedOn, Has.Count.EqualTo(1));
        Assert.That(addedOn[0], Is.Not.EqualTo(Environment.CurrentManagedThreadId));
    }

    [Test]
    public void A_market_exit_sent_in_OnStop_fills_after_Stop_returned()
    {
        this.Broker.AutoFillMarketOrders = true;
        var strategy = StandInStrategies.Create(new ExitOnStop { Exit = this.Market(Side.Sell) });
        strategy.Run();
        using var gate = new ManualResetEventSlim();
        this.HoldConnectionThread(gate);
        var trades = new List<Trade>();
        Core.TradeAdded += trades.Add;

        strategy.Stop();

        Assert.That(strategy.State, Is.EqualTo(StrategyState.Stopped));
        Assert.That(strategy.Sent?.Status, Is.EqualTo(TradingOperationResultStatus.Success));
        Assert.That(trades, Is.Empty, "Stop() returned before the exit's order and fill were processed");
        gate.Set();
        this.Broker.WaitForIdle();
        Assert.That(trades.Single().OrderId, Is.EqualTo(strategy.Sent!.OrderId));
    }

    [Test]
    public void An_automatic_fill_is_a_later_message_than_the_order()
    {
        this.Broker.AutoFillMarketOrders = true;
        var events = new List<string>();
        Core.OrderAdded += o => events.Add("OrderAdded " + o.Status);
        Core.TradeAdded += _ => events.Add("TradeAdded");

        var result = Core.PlaceOrder(this.Market(Side.Buy));
        this.Broker.WaitForIdle();

        Assert.That(events, Is.EqualTo(new[] { "OrderAdded Opened", "OrderAdded Filled", "TradeAdded" }));
        Assert.That(Core.Positions.Single().Quantity, Is.EqualTo(1));
        Assert.That(Core.GetOrderById(result.OrderId), Is.Null, "a filled order leaves the cache");
    }

    [Test]
    public void Cancel_returns_at_once_and_a_cancel_of_an_order_filled_meanwhile_does_not_bring_it_back()
    {
        var order = this.PlaceOpenOrder(orderType: OrderType.Limit);
        using var gate = new ManualResetEventSlim();
        this.HoldConnectionThread(gate);
        var statuses = new List<OrderStatus>();
        Core.OrderAdded += o => statuses.Add(o.Status);
        var fill = Task.Run(() => this.Broker.Fill(order, 100));
        Assert.That(SpinWait.SpinUntil(() => this.Broker.Connection.MessagesQueueDepth == 1, Patience), Is.True, "the fill is queued");

        var cancel = order.Cancel();

        Assert.That(cancel.Status, Is.EqualTo(TradingOperationResultStatus.Success), "the order is still open when the cancel is sent");
        Assert.That(order.Status, Is.EqualTo(OrderStatus.Opened));
        gate.Set();
        Assert.That(fill.Wait(Patience), Is.True);
        this.Broker.WaitForIdle();
        Assert.That(order.Status, Is.EqualTo(OrderStatus.Filled));
        Assert.That(statuses, Is.EqualTo(new[] { OrderStatus.Filled }));
        Assert.That(Core.Orders, Is.Empty);
    }

    [Test]
    public void A_control_called_from_a_handler_on_the_connection_thread_runs_inline()
    {
        Trade? nested = null;
        Core.OrderAdded += o =>
        {
            if (o.Id == "1")
            {
                nested = this.Broker.SendTrade(new TradeMessage { TradeId = "T1", OrderId = o.Id, Account = this.Account, Symbol = this.Symbol, Price = 100, Quantity = 1 });
            }
        };

        this.Broker.SendOrder(new OrderMessage { OrderId = "1", Account = this.Account, Symbol = this.Symbol, TotalQuantity = 1, Status = OrderStatus.Opened });

        Assert.That(nested?.Id, Is.EqualTo("T1"));
    }

    [Test]
    public void A_plain_handler_exception_in_a_queued_message_is_logged_and_the_queue_goes_on()
    {
        var order = this.PlaceOpenOrder(orderType: OrderType.Limit);
        order.Updated += _ => throw new InvalidOperationException("plugin bug");
        var added = 0;
        Core.OrderAdded += _ => added++;

        order.Cancel();
        var next = Core.PlaceOrder(this.Market(Side.Sell));
        this.Broker.WaitForIdle();

        Assert.That(added, Is.EqualTo(1), "the cancel's OrderAdded was skipped; the next order's was raised");
        Assert.That(Core.GetOrderById(next.OrderId), Is.Not.Null);
        Assert.That(StandInPlatform.PlatformLog.Select(e => e.Event), Has.Some.Contains("plugin bug"));
    }

    [Test]
    public void With_SyncMsgProcessing_messages_are_processed_on_the_pushing_thread()
    {
        this.Broker.Connection.Info.SyncMsgProcessing = true;
        var addedOn = 0;
        Core.OrderAdded += _ => addedOn = Environment.CurrentManagedThreadId;

        var result = Core.PlaceOrder(this.Market(Side.Buy));

        Assert.That(Core.GetOrderById(result.OrderId), Is.Not.Null);
        Assert.That(addedOn, Is.EqualTo(Environment.CurrentManagedThreadId));
    }

    [Test]
    public void Two_connections_deliver_on_two_threads()
    {
        var other = StandInPlatform.CreateConnection("Other");
        var threads = new List<int>();
        Core.AccountAdded += _ =>
        {
            lock (threads)
            {
                threads.Add(Environment.CurrentManagedThreadId);
            }
        };

        other.AddAccount("ACC2");
        this.Broker.AddAccount("ACC3");

        Assert.That(threads.Distinct().Count(), Is.EqualTo(2));
    }

    [Test]
    public void WaitForIdle_times_out_while_a_message_is_held()
    {
        using var gate = new ManualResetEventSlim();
        this.HoldConnectionThread(gate);

        Assert.That(() => this.Broker.WaitForIdle(TimeSpan.FromMilliseconds(50)), Throws.TypeOf<TimeoutException>());
        Assert.That(() => StandInPlatform.WaitForIdle(TimeSpan.FromMilliseconds(50)), Throws.TypeOf<TimeoutException>());
        gate.Set();
        Assert.That(() => StandInPlatform.WaitForIdle(), Throws.Nothing);
    }

    public sealed class ExitOnStop : Strategy
    {
        public ExitOnStop()
        {
            this.Name = "Exit on stop";
        }

        public PlaceOrderRequestParameters? Exit { get; set; }

        public TradingOperationResult? Sent { get; private set; }

        protected override void OnStop() => this.Sent = Core.PlaceOrder(this.Exit!);
    }

    private PlaceOrderRequestParameters Market(Side side) =>
        new() { Account = this.Account, Symbol = this.Symbol, Side = side, Quantity = 1, OrderTypeId = OrderType.Market };

    /// <summary>Queues a message whose handler blocks the connection's thread until <paramref name="gate"/> opens.</summary>
    private void HoldConnectionThread(ManualResetEventSlim gate)
    {
        using var holding = new ManualResetEventSlim();
        Core.AccountAdded += a =>
        {
            if (a.Id == "HOLD")
            {
                holding.Set();
                gate.Wait(Patience);
            }
        };
        _ = Task.Run(() => this.Broker.AddAccount("HOLD"));
        Assert.That(holding.Wait(Patience), Is.True, "the connection's thread took the holding message");
    }
}
