using NUnit.Framework;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Tests.StandIn;

[TestFixture]
public sealed class BracketAndOcoTests : PlatformTestBase
{
    private PlaceOrderRequestParameters Request(Side side, string type, double price = double.NaN, double trigger = double.NaN) =>
        new()
        {
            Account = this.Account,
            Symbol = this.Symbol,
            Side = side,
            Quantity = 1,
            OrderTypeId = type,
            Price = price,
            TriggerPrice = trigger,
        };

    [Test]
    public void Before_the_fill_SL_and_TP_exist_only_as_holders_on_the_entry()
    {
        var request = this.Request(Side.Buy, OrderType.Limit, price: 99);
        request.StopLossItems.Add(SlTpHolder.CreateSL(8, PriceMeasurement.Offset));
        request.TakeProfitItems.Add(SlTpHolder.CreateTP(110));

        var entry = this.Placed(Core.PlaceOrder(request));

        Assert.That(Core.Orders, Is.EqualTo(new[] { entry }));
        Assert.That(entry.StopLoss!.Type, Is.EqualTo(CloseOrderType.StopLoss));
        Assert.That(entry.TakeProfit!.Price, Is.EqualTo(110));
    }

    [Test]
    public void After_the_entry_fills_SL_and_TP_orders_appear_with_the_position_id_and_a_shared_GroupId()
    {
        var request = this.Request(Side.Buy, OrderType.Limit, price: 99);
        request.StopLossItems.Add(SlTpHolder.CreateSL(8, PriceMeasurement.Offset));
        request.TakeProfitItems.Add(SlTpHolder.CreateTP(110));
        var entry = this.Placed(Core.PlaceOrder(request));
        var added = new List<Order>();
        Core.OrderAdded += added.Add;

        this.Broker.Fill(entry, 99);

        var position = Core.Positions.Single();
        var brackets = added.Where(o => o.Id != entry.Id).ToList();
        Assert.That(brackets, Has.Count.EqualTo(2));
        Assert.That(brackets.Select(o => o.PositionId), Has.All.EqualTo(position.Id));
        Assert.That(brackets[0].GroupId, Is.Not.Empty.And.EqualTo(brackets[1].GroupId));
        Assert.That(brackets.Select(o => o.Side), Has.All.EqualTo(Side.Sell));
        Assert.That(position.StopLoss!.OrderTypeId, Is.EqualTo(OrderType.Stop));
        Assert.That(position.StopLoss.TriggerPrice, Is.EqualTo(97), "8 ticks of 0.25 below the fill");
        Assert.That(position.TakeProfit!.Price, Is.EqualTo(110));
        Assert.That(position.TakeProfit.OrderType!.Usage.HasFlag(OrderTypeUsage.CloseOrder), Is.True);
        Assert.That(position.StopLoss.OrderType!.Format(position.StopLoss.PositionId, position.StopLoss.GroupId), Is.EqualTo($"Stop(SL for {position.Id})"));
    }

    [Test]
    public void When_the_stop_loss_fills_the_take_profit_is_cancelled_and_the_position_closed()
    {
        var request = this.Request(Side.Buy, OrderType.Market);
        request.StopLossItems.Add(SlTpHolder.CreateSL(97));
        request.TakeProfitItems.Add(SlTpHolder.CreateTP(110));
        var entry = this.Placed(Core.PlaceOrder(request));
        this.Broker.Fill(entry, 100);
        var position = Core.Positions.Single();
        var stop = position.StopLoss!;
        var take = position.TakeProfit!;
        var removed = new List<Order>();
        Core.OrderRemoved += removed.Add;

        this.Broker.Fill(stop, 97);

        Assert.That(removed, Is.EquivalentTo(new[] { stop, take }));
        Assert.That(take.Status, Is.EqualTo(OrderStatus.Cancelled));
        Assert.That(Core.Positions, Is.Empty);
        Assert.That(Core.ClosedPositions.Single().Id, Is.EqualTo(position.Id));
    }

    [Test]
    public void PlaceOrders_OCO_with_group_orders_allowed_gives_the_orders_one_shared_GroupId()
    {
        var added = new List<Order>();
        Core.OrderAdded += added.Add;

        Core.PlaceOrders([this.Request(Side.Sell, OrderType.Limit, price: 110), this.Request(Side.Sell, OrderType.Stop, trigger: 90)], GroupOrderType.OCO);
        this.Broker.WaitForIdle();

        Assert.That(added, Has.Count.EqualTo(2));
        Assert.That(added[0].GroupId, Is.Not.Empty.And.EqualTo(added[1].GroupId));
        Assert.That(added.Select(o => o.PositionId), Has.All.Null);
        Assert.That(this.Broker.SentRequests.Single(), Is.TypeOf<PlaceMultiOrderOrderRequestParameters>());
        Assert.That(OrderType.Format(added[0]), Is.EqualTo("Limit (OCO)"));
    }

    [Test]
    public void PlaceOrders_OCO_places_nothing_silently_when_group_orders_are_not_allowed()
    {
        this.Broker.AllowGroupOrders = false;
        var added = 0;
        Core.OrderAdded += _ => added++;

        Assert.That(() => Core.PlaceOrders([this.Request(Side.Sell, OrderType.Limit, price: 110), this.Request(Side.Sell, OrderType.Stop, trigger: 90)], GroupOrderType.OCO), Throws.Nothing);
        this.Broker.WaitForIdle();

        Assert.That(added, Is.Zero);
        Assert.That(this.Broker.SentRequests, Is.Empty);
        Assert.That(StandInPlatform.PlatformLog, Is.Empty);
    }

    [Test]
    public void PlaceOrders_OCO_also_needs_the_Allow_New_OCO_rule()
    {
        this.Broker.AllowNewOco = false;

        Core.PlaceOrders([this.Request(Side.Sell, OrderType.Limit, price: 110), this.Request(Side.Sell, OrderType.Stop, trigger: 90)], GroupOrderType.OCO);
        this.Broker.WaitForIdle();

        Assert.That(Core.Orders, Is.Empty);
    }

    [Test]
    public void PlaceOrders_None_without_group_orders_places_the_orders_one_by_one()
    {
        this.Broker.AllowGroupOrders = false;

        Core.PlaceOrders([this.Request(Side.Sell, OrderType.Limit, price: 110), this.Request(Side.Sell, OrderType.Stop, trigger: 90)]);
        this.Broker.WaitForIdle();

        Assert.That(Core.Orders, Has.Length.EqualTo(2));
        Assert.That(Core.Orders.Select(o => o.GroupId), Has.All.Null);
        Assert.That(this.Broker.SentRequests, Has.All.TypeOf<PlaceOrderRequestParameters>());
    }

    [Test]
    public void PlaceOrders_with_a_single_request_ignores_the_group_type()
    {
        this.Broker.AllowGroupOrders = false;

        Core.PlaceOrders([this.Request(Side.Sell, OrderType.Limit, price: 110)], GroupOrderType.OCO);
        this.Broker.WaitForIdle();

        Assert.That(Core.Orders.Single().GroupId, Is.Null);
    }

    [Test]
    public void PlaceOrders_OCO_on_a_vendor_without_multi_order_support_places_nothing()
    {
        this.Broker.SupportsGroupOrders = false;

        Core.PlaceOrders([this.Request(Side.Sell, OrderType.Limit, price: 110), this.Request(Side.Sell, OrderType.Stop, trigger: 90)], GroupOrderType.OCO);
        this.Broker.WaitForIdle();

        Assert.That(Core.Orders, Is.Empty);
        Assert.That(this.Broker.SentRequests.Single(), Is.TypeOf<PlaceMultiOrderOrderRequestParameters>());
    }

    [Test]
    public void LinkOCO_through_SendCustomRequest_sets_a_shared_GroupId_on_existing_orders()
    {
        var a = this.PlaceOpenOrder(Side.Sell, orderType: OrderType.Limit);
        var b = this.PlaceOpenOrder(Side.Sell, orderType: OrderType.Stop);

        Core.SendCustomRequest(this.Broker.Id, new LinkOCORequestParameters { OrdersToLink = [a, b] });
        this.Broker.WaitForIdle();

        Assert.That(a.GroupId, Is.Not.Empty.And.EqualTo(b.GroupId));
    }

    [Test]
    public void A_refused_order_returns_a_failure_and_raises_nothing()
    {
        this.Broker.AcceptOrders = false;
        var added = 0;
        Core.OrderAdded += _ => added++;

        var result = Core.PlaceOrder(this.Request(Side.Buy, OrderType.Market));
        this.Broker.WaitForIdle();

        Assert.That(result.Status, Is.EqualTo(TradingOperationResultStatus.Failure));
        Assert.That(added, Is.Zero);
    }

    [Test]
    public void ClosePosition_with_auto_fill_closes_the_whole_position_by_default()
    {
        this.Broker.AutoFillMarketOrders = true;
        this.PlaceOpenOrder(Side.Buy, 3);
        var position = Core.Positions.Single();

        var result = position.Close();
        this.Broker.WaitForIdle();

        Assert.That(result.Status, Is.EqualTo(TradingOperationResultStatus.Success));
        Assert.That(Core.Positions, Is.Empty);
        Assert.That(Core.ClosedPositions.Single().Quantity, Is.EqualTo(3));
    }
}
