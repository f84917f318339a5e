using NUnit.Framework;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Tests.StandIn;

[TestFixture]
public sealed class OrderEventTests : PlatformTestBase
{
    [Test]
    public void OrderAdded_fires_for_a_new_order_which_is_already_cached()
    {
        Order? seen = null;
        var cachedWhenRaised = false;
        Core.OrderAdded += o =>
        {
            seen = o;
            cachedWhenRaised = Core.Orders.Contains(o);
        };

        var order = this.Broker.SendOrder(new OrderMessage { OrderId = "1", Account = this.Account, Symbol = this.Symbol, Side = Side.Buy, OrderTypeId = OrderType.Limit, TotalQuantity = 2, Price = 99, Status = OrderStatus.Opened });

        Assert.That(seen, Is.SameAs(order));
        Assert.That(cachedWhenRaised, Is.True);
    }

    [Test]
    public void OrderAdded_fires_again_after_Updated_for_an_existing_order()
    {
        var order = this.Broker.SendOrder(new OrderMessage { OrderId = "1", Account = this.Account, Symbol = this.Symbol, Side = Side.Buy, OrderTypeId = OrderType.Limit, TotalQuantity = 2, Price = 99, Status = OrderStatus.Opened });
        var events = new List<string>();
        var instances = new List<Order>();
        order.Updated += o => events.Add("Updated price=" + o.Price.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Core.OrderAdded += o =>
        {
            events.Add("OrderAdded price=" + o.Price.ToString(System.Globalization.CultureInfo.InvariantCulture));
            instances.Add(o);
        };

        this.Broker.SendOrder(new OrderMessage { OrderId = "1", Price = 98.5 });
        this.Broker.SendOrder(new OrderMessage { OrderId = "1", Price = 98 });

        Assert.That(events, Is.EqualTo(new[] { "Updated price=98.5", "OrderAdded price=98.5", "Updated price=98", "OrderAdded price=98" }));
        Assert.That(instances, Has.All.SameAs(order));
        Assert.That(Core.Orders, Has.Length.EqualTo(1));
    }

    [Test]
    public void A_throwing_Order_Updated_handler_propagates_and_OrderAdded_is_not_raised()
    {
        var order = this.Broker.SendOrder(new OrderMessage { OrderId = "1", Account = this.Account, Symbol = this.Symbol, TotalQuantity = 1, Status = OrderStatus.Opened });
        var added = 0;
        order.Updated += _ => throw new InvalidOperationException("plugin bug");
        Core.OrderAdded += _ => added++;

        Assert.That(() => this.Broker.SendOrder(new OrderMessage { OrderId = "1", Price = 5 }), Throws.InvalidOperationException.With.Message.EqualTo("plugin bug"));
        Assert.That(added, Is.Zero);
        Assert.That(order.Price, Is.EqualTo(5), "fields are updated before Updated is raised");
        Assert.That(StandInPlatform.PlatformLog.Select(e => e.Event), Has.Some.Contains("plugin bug"), "the connection's queue logged it, as the platform's does");
    }

    [Test]
    public void A_throwing_Core_subscriber_does_not_stop_the_next_one_and_is_logged()
    {
        var second = 0;
        Core.OrderAdded += _ => throw new InvalidOperationException("first subscriber fails");
        Core.OrderAdded += _ => second++;

        Assert.That(() => this.PlaceOpenOrder(), Throws.Nothing);

        Assert.That(second, Is.EqualTo(1));
        Assert.That(StandInPlatform.HandlerErrors.Select(e => e.Message), Is.EqualTo(new[] { "first subscriber fails" }));
        Assert.That(StandInPlatform.PlatformLog.Any(e => e.Type == LoggingLevel.Error && e.Event.Contains("first subscriber fails", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public void TradeAdded_creates_a_new_object_per_message_and_a_repeat_is_a_duplicate_with_the_same_Id()
    {
        var trades = new List<Trade>();
        Core.TradeAdded += trades.Add;
        var message = new TradeMessage { TradeId = "T9", OrderId = "1", Account = this.Account, Symbol = this.Symbol, Side = Side.Buy, Price = 100, Quantity = 1 };

        this.Broker.SendTrade(message);
        this.Broker.SendTrade(message);

        Assert.That(trades, Has.Count.EqualTo(2));
        Assert.That(trades[0], Is.Not.SameAs(trades[1]));
        Assert.That(trades[0].Id, Is.EqualTo(trades[1].Id));
        Assert.That(trades[0], Is.Not.EqualTo(trades[1]), "Trade equality is by reference");
    }

    [Test]
    public void Fill_with_repeatTrade_raises_TradeAdded_twice_with_the_same_Id()
    {
        var order = this.PlaceOpenOrder();
        var trades = new List<Trade>();
        Core.TradeAdded += trades.Add;

        this.Broker.Fill(order, 100.25, repeatTrade: true);

        Assert.That(trades.Select(t => t.Id).Distinct().Count(), Is.EqualTo(1));
        Assert.That(trades, Has.Count.EqualTo(2));
        Assert.That(trades[0].OrderId, Is.EqualTo(order.Id));
        Assert.That(trades[0].PositionImpactType, Is.EqualTo(PositionImpactType.Open));
    }

    [Test]
    public void A_fill_with_a_fee_carries_it_on_the_trade_and_without_one_the_trade_has_none()
    {
        var order = this.PlaceOpenOrder(quantity: 2);
        var trades = new List<Trade>();
        Core.TradeAdded += trades.Add;

        this.Broker.Fill(order, 100.25, quantity: 1, fee: 0.04);
        this.Broker.Fill(order, 100.5);

        Assert.That(trades[0].Fee!.Value, Is.EqualTo(0.04));
        Assert.That(trades[0].Fee!.AssetID, Is.EqualTo(this.Account.AccountCurrency?.Id));
        Assert.That(trades[1].Fee, Is.Null);
    }

    [Test]
    public void OrdersHistoryAdded_creates_a_new_snapshot_per_message_that_never_enters_Core_Orders()
    {
        var history = new List<OrderHistory>();
        Core.OrdersHistoryAdded += history.Add;
        var message = new OrderMessage { OrderId = "H1", Account = this.Account, Symbol = this.Symbol, Status = OrderStatus.Filled, TotalQuantity = 1, FilledQuantity = 1 };

        this.Broker.SendOrderHistory(message);
        this.Broker.SendOrderHistory(message);

        Assert.That(history, Has.Count.EqualTo(2));
        Assert.That(history[0], Is.Not.SameAs(history[1]));
        Assert.That(history[0], Is.Not.EqualTo(history[1]), "OrderHistory equality includes UniqueId");
        Assert.That(Core.Orders, Is.Empty);
    }

    [Test]
    public void OrderRemoved_sees_an_order_already_out_of_the_cache_with_State_Fake_and_its_last_Status()
    {
        var order = this.PlaceOpenOrder(orderType: OrderType.Limit);
        (bool Cached, BusinessObjectState State, OrderStatus Status)? seen = null;
        Core.OrderRemoved += o => seen = (Core.GetOrderById(o.Id) != null, o.State, o.Status);

        var result = order.Cancel();
        this.Broker.WaitForIdle();

        Assert.That(result.Status, Is.EqualTo(TradingOperationResultStatus.Success));
        Assert.That(seen, Is.EqualTo((false, BusinessObjectState.Fake, OrderStatus.Cancelled)));
    }

    [Test]
    public void A_fill_plays_order_update_trade_position_then_OrderRemoved()
    {
        var order = this.PlaceOpenOrder();
        var events = new List<string>();
        Core.OrderAdded += o => events.Add("OrderAdded " + o.Status);
        Core.TradeAdded += _ => events.Add("TradeAdded");
        Core.PositionAdded += _ => events.Add("PositionAdded");
        Core.OrderRemoved += _ => events.Add("OrderRemoved");

        this.Broker.Fill(order, 100.25);

        Assert.That(events, Is.EqualTo(new[] { "OrderAdded Filled", "TradeAdded", "PositionAdded", "OrderRemoved" }));
        Assert.That(order.FilledQuantity, Is.EqualTo(1));
        Assert.That(order.AverageFillPrice, Is.EqualTo(100.25));
    }

    [Test]
    public void PositionAdded_fires_on_every_position_message_after_Position_Updated()
    {
        var position = this.Broker.SendPosition(new PositionMessage { PositionId = "P1", Account = this.Account, Symbol = this.Symbol, Side = Side.Buy, Quantity = 1, OpenPrice = 100 });
        var events = new List<string>();
        position.Updated += p => events.Add("Updated qty=" + p.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Core.PositionAdded += p => events.Add("PositionAdded qty=" + p.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));

        this.Broker.SendPosition(new PositionMessage { PositionId = "P1", Quantity = 2 });

        Assert.That(events, Is.EqualTo(new[] { "Updated qty=2", "PositionAdded qty=2" }));
        Assert.That(Core.Positions.Single(), Is.SameAs(position));
    }

    [Test]
    public void The_pnl_timer_raises_Position_Updated_only_when_the_pnl_changed()
    {
        var position = this.Broker.SendPosition(new PositionMessage { PositionId = "P1", Account = this.Account, Symbol = this.Symbol, Side = Side.Buy, Quantity = 2, OpenPrice = 99 });
        var updates = 0;
        position.Updated += _ => updates++;

        this.Broker.RecalculatePositions();
        this.Broker.RecalculatePositions();
        this.Broker.SendQuote(this.Symbol, bid: 101, ask: 101.25);
        this.Broker.RecalculatePositions();

        Assert.That(updates, Is.EqualTo(2));
        Assert.That(position.GrossPnL.Value, Is.EqualTo(4).Within(1e-9));
        Assert.That(position.CurrentPrice, Is.EqualTo(101), "a Buy position is valued at the bid");
    }

    [Test]
    public void Closing_a_position_removes_it_and_adds_a_closed_position()
    {
        var entry = this.PlaceOpenOrder(Side.Buy, 2);
        this.Broker.Fill(entry, 100);
        var exit = this.PlaceOpenOrder(Side.Sell, 2);
        Position? removed = null;
        ClosedPosition? closed = null;
        Core.PositionRemoved += p => removed = p;
        Core.ClosedPositionAdded += p => closed = p;

        this.Broker.Fill(exit, 101);

        Assert.That(removed, Is.Not.Null);
        Assert.That(removed!.State, Is.EqualTo(BusinessObjectState.Fake));
        Assert.That(Core.Positions, Is.Empty);
        Assert.That(closed!.Id, Is.EqualTo(removed.Id));
        Assert.That(closed.LastTradedPrice, Is.EqualTo(101));
        Assert.That(closed.Close().Status, Is.EqualTo(TradingOperationResultStatus.Failure));
        Assert.That(Core.ClosedPositions.Single(), Is.SameAs(closed));
    }

    [Test]
    public void Core_snapshots_come_from_connected_connections_only()
    {
        this.PlaceOpenOrder(orderType: OrderType.Limit);
        var other = StandInPlatform.CreateConnection("Other");
        other.AddAccount("ACC2");

        Assert.That(Core.Accounts, Has.Length.EqualTo(2));
        this.Broker.Disconnect();

        Assert.That(Core.Orders, Is.Empty);
        Assert.That(Core.Accounts.Select(a => a.Id), Is.EqualTo(new[] { "ACC2" }));
        Assert.That(this.Broker.Connection.BusinessObjects.Orders, Has.Length.EqualTo(1), "the connection keeps its own objects");
    }

    [Test]
    public void Order_OrderType_throws_a_null_reference_once_the_connection_is_gone()
    {
        var order = this.PlaceOpenOrder(orderType: OrderType.Limit);
        Assert.That(order.OrderType!.Behavior, Is.EqualTo(OrderTypeBehavior.Limit));

        this.Broker.Remove();

        Assert.That(order.Connection, Is.Null);
        Assert.That(() => order.OrderType, Throws.TypeOf<NullReferenceException>());
    }

    [Test]
    public void Account_update_raises_Account_Updated_but_not_AccountAdded()
    {
        var added = 0;
        var updated = 0;
        Core.AccountAdded += _ => added++;
        this.Account.Updated += _ => updated++;

        this.Broker.SendAccount(new AccountMessage { AccountId = "ACC1", Balance = 5 });

        Assert.That((added, updated), Is.EqualTo((0, 1)));
        Assert.That(this.Account.Balance, Is.EqualTo(5));
    }

    [Test]
    public void AdditionalInfo_is_null_until_the_vendor_sends_items()
    {
        var order = this.PlaceOpenOrder(orderType: OrderType.Limit);
        Assert.That(order.AdditionalInfo, Is.Null);

        this.Broker.SendOrder(new OrderMessage { OrderId = order.Id, AdditionalInfo = new Dictionary<string, object> { ["route"] = "CME" } });

        Assert.That(order.AdditionalInfo!.TryGetItem("route", out var item), Is.True);
        Assert.That(item.Value, Is.EqualTo("CME"));
    }

    [Test]
    public void GetOrderType_throws_when_no_connection_is_given_and_several_are_connected()
    {
        Assert.That(Core.GetOrderType(OrderType.Stop)!.Behavior, Is.EqualTo(OrderTypeBehavior.Stop));
        StandInPlatform.CreateConnection("Second");

        Assert.That(() => Core.GetOrderType(OrderType.Stop), Throws.ArgumentException);
        Assert.That(Core.GetOrderType(OrderType.Stop, this.Broker.Id)!.ConnectionId, Is.EqualTo(this.Broker.Id));
    }

    [Test]
    public void ConnectionsManager_indexer_returns_null_for_null_empty_or_unknown_ids()
    {
        Assert.That(Core.Connections[null!], Is.Null);
        Assert.That(Core.Connections[string.Empty], Is.Null);
        Assert.That(Core.Connections["nope"], Is.Null);
        Assert.That(Core.Connections[this.Broker.Id], Is.SameAs(this.Broker.Connection));
    }

    [Test]
    public void Reset_gives_a_fresh_platform_without_connections_or_subscribers()
    {
        var before = Core.Instance;
        var calls = 0;
        before.OrderAdded += _ => calls++;

        StandInPlatform.Reset();
        var fresh = StandInPlatform.CreateConnection("New");
        fresh.SendOrder(new OrderMessage { OrderId = "1", TotalQuantity = 1 });

        Assert.That(Core.Instance, Is.Not.SameAs(before));
        Assert.That(Core.Connections.All, Has.Length.EqualTo(1));
        Assert.That(calls, Is.Zero);
    }
}
