using NUnit.Framework;
using QuantowerRecorder.Tests.Plugin.Support;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Tests.Plugin;

/// <summary>Scripted sessions as the platform plays them, each asserting the rows in the file.</summary>
[TestFixture]
public sealed class OrderMappingTests : PluginTestBase
{
    [Test]
    public void Market_entry_with_a_bracket_that_exits_at_TP_records_one_bracket_group_with_roles_and_parents()
    {
        var recorder = CreateRecorder();
        recorder.Run();
        var request = Request(Side.Buy);
        request.StopLossItems.Add(SlTpHolder.CreateSL(8, PriceMeasurement.Offset));
        request.TakeProfitItems.Add(SlTpHolder.CreateTP(110));
        var entry = Place(request);
        Broker.Fill(entry, 100.25);
        var position = Core.Positions.Single();
        var stop = position.StopLoss!;
        var take = position.TakeProfit!;
        Clock.Advance(TimeSpan.FromMinutes(3));
        Broker.Fill(take, 110);
        recorder.Stop();

        var orders = Rows<(string Id, string Status, string? Parent, string Type)>(
            "SELECT order_id, status, parent_order_id, order_type FROM orders ORDER BY id");
        Assert.That(orders, Is.EquivalentTo(new[]
        {
            (entry.Id, "FILLED", (string?)null, "MARKET"),
            (stop.Id, "CANCELED", (string?)entry.Id, "STOP"),
            (take.Id, "FILLED", (string?)entry.Id, "LIMIT"),
        }));
        Assert.That(Scalar<long>("SELECT COUNT(*) FROM order_oco_groups"), Is.EqualTo(1), "the legs' shared GroupId is the same bracket, not a second group");
        var links = Rows<(string Order, string Role)>("SELECT order_id, oco_role FROM order_oco_links");
        Assert.That(links, Is.EquivalentTo(new[] { (entry.Id, "ENTRY"), (stop.Id, "SL"), (take.Id, "TP") }));
        var fills = Rows<(string Order, double Price, string Impact)>("SELECT order_id, price, position_impact FROM executions ORDER BY exec_utc, id");
        Assert.That(fills, Is.EqualTo(new[] { (entry.Id, 100.25, "OPEN"), (take.Id, 110.0, "CLOSE") }));
        Assert.That(Scalar<string>("SELECT status FROM strategy_runs"), Is.EqualTo("COMPLETED"));
        AssertNoPlatformHandlerErrors();
    }

    [Test]
    public void Bracket_legs_shown_before_the_entry_fill_still_join_the_entry_bracket()
    {
        var recorder = CreateRecorder();
        recorder.Run();
        var request = Request(Side.Sell, OrderType.Limit, price: 101);
        request.StopLossItems.Add(SlTpHolder.CreateSL(103));
        request.TakeProfitItems.Add(SlTpHolder.CreateTP(95));
        var entry = Place(request);

        // The vendor shows the SL and TP orders (with the position id and a shared GroupId) before the fill itself.
        Broker.SendOrder(new OrderMessage { OrderId = "SL9", Account = Account, Symbol = Symbol, Side = Side.Buy, OrderTypeId = OrderType.Stop, TotalQuantity = 1, TriggerPrice = 103, Status = OrderStatus.Opened, PositionId = "P9", GroupId = "G9", LastUpdateTime = T0 });
        Broker.SendOrder(new OrderMessage { OrderId = "TP9", Account = Account, Symbol = Symbol, Side = Side.Buy, OrderTypeId = OrderType.Limit, TotalQuantity = 1, Price = 95, Status = OrderStatus.Opened, PositionId = "P9", GroupId = "G9", LastUpdateTime = T0 });
        Broker.SendOrder(new OrderMessage { OrderId = entry.Id, FilledQuantity = 1, AverageFillPrice = 101, Status = OrderStatus.Filled, LastUpdateTime = T0.AddSeconds(1) });
        Broker.SendTrade(new TradeMessage { TradeId = "T9", OrderId = entry.Id, PositionId = "P9", Account = Account, Symbol = Symbol, Side = Side.Sell, Price = 101, Quantity = 1, DateTime = T0.AddSeconds(1), PositionImpactType = PositionImpactType.Open });
        recorder.Stop();

        Assert.That(Scalar<long>("SELECT COUNT(*) FROM order_oco_groups"), Is.EqualTo(1));
        Assert.That(Rows<(string, string)>("SELECT order_id, oco_role FROM order_oco_links"),
            Is.EquivalentTo(new[] { (entry.Id, "ENTRY"), ("SL9", "SL"), ("TP9", "TP") }));
        Assert.That(Rows<string>("SELECT parent_order_id FROM orders WHERE order_id IN ('SL9', 'TP9')"), Has.All.EqualTo(entry.Id));
    }

    [Test]
    public void Exit_at_SL_after_a_partial_fill_keeps_the_status_timeline_and_closes_the_position()
    {
        var recorder = CreateRecorder();
        recorder.Run();
        var request = Request(Side.Buy, OrderType.Limit, quantity: 2, price: 99);
        request.StopLossItems.Add(SlTpHolder.CreateSL(97));
        request.TakeProfitItems.Add(SlTpHolder.CreateTP(105));
        var entry = Place(request);
        Broker.Fill(entry, 99, quantity: 1);
        Clock.Advance(TimeSpan.FromSeconds(5));
        Broker.Fill(entry, 99);
        var stop = Core.Positions.Single().StopLoss!;
        var take = Core.Positions.Single().TakeProfit!;
        Broker.Fill(stop, 97);
        recorder.Stop();

        Assert.That(Rows<(string, string, double)>("SELECT order_id, status, filled_quantity FROM orders WHERE order_id = @id", new { id = entry.Id }),
            Is.EqualTo(new[] { (entry.Id, "FILLED", 2.0) }));
        var timeline = Rows<string>(
            "SELECT json_extract(payload_json, '$.status') FROM ingest_events WHERE event_type = 'ORDER' AND json_extract(payload_json, '$.order_id') = @id ORDER BY sequence",
            new { id = entry.Id });
        Assert.That(timeline, Is.EqualTo(new[] { "OPENED", "PARTIALLY_FILLED", "FILLED" }));
        Assert.That(Rows<string>("SELECT status FROM orders WHERE order_id IN (@s, @t) ORDER BY order_id = @t", new { s = stop.Id, t = take.Id }),
            Is.EqualTo(new[] { "FILLED", "CANCELED" }));
        Assert.That(Rows<(double, string)>("SELECT quantity, position_impact FROM executions ORDER BY id"),
            Is.EqualTo(new[] { (1.0, "OPEN"), (1.0, "OPEN"), (2.0, "CLOSE") }));
        Assert.That(Rows<(string, string)>("SELECT order_id, oco_role FROM order_oco_links WHERE oco_role IN ('SL', 'TP')"),
            Is.EquivalentTo(new[] { (stop.Id, "SL"), (take.Id, "TP") }));
    }

    [Test]
    public void OCO_pair_placed_with_PlaceOrders_is_one_group_and_the_other_leg_is_cancelled_when_one_fills()
    {
        var recorder = CreateRecorder();
        recorder.Run();
        Core.PlaceOrders([Request(Side.Sell, OrderType.Limit, price: 110), Request(Side.Sell, OrderType.Stop, trigger: 90)], GroupOrderType.OCO);
        Settle();
        var limit = Core.Orders.Single(o => o.OrderTypeId == OrderType.Limit);
        var stop = Core.Orders.Single(o => o.OrderTypeId == OrderType.Stop);
        Broker.Fill(limit, 110);
        recorder.Stop();

        Assert.That(Rows<string>("SELECT label FROM order_oco_groups"), Is.EqualTo(new[] { "OCO " + limit.GroupId }));
        Assert.That(Rows<string>("SELECT order_id FROM order_oco_links"), Is.EquivalentTo(new[] { limit.Id, stop.Id }));
        Assert.That(Rows<(string, string)>("SELECT order_id, status FROM orders"),
            Is.EquivalentTo(new[] { (limit.Id, "FILLED"), (stop.Id, "CANCELED") }));
    }

    [Test]
    public void Limit_order_modified_then_cancelled_keeps_the_last_price_and_every_state()
    {
        var recorder = CreateRecorder();
        recorder.Run();
        var order = Place(Request(Side.Buy, OrderType.Limit, price: 95));
        Clock.Advance(TimeSpan.FromSeconds(10));
        Broker.SendOrder(new OrderMessage { OrderId = order.Id, Price = 96.5, LastUpdateTime = Clock.UtcNow });
        Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.That(order.Cancel().Status, Is.EqualTo(TradingOperationResultStatus.Success));
        Settle();
        recorder.Stop();

        Assert.That(Rows<(double, string)>("SELECT price, status FROM orders"), Is.EqualTo(new[] { (96.5, "CANCELED") }));
        Assert.That(Rows<(string, double)>(
            "SELECT json_extract(payload_json, '$.status'), CAST(json_extract(payload_json, '$.price') AS REAL) FROM ingest_events WHERE event_type = 'ORDER' ORDER BY sequence"),
            Is.EqualTo(new[] { ("OPENED", 95.0), ("OPENED", 96.5), ("CANCELED", 96.5) }));
        Assert.That(Scalar<long>("SELECT COUNT(*) FROM executions"), Is.Zero);
    }

    [Test]
    public void Refused_order_is_recorded_as_REFUSED_with_the_vendor_reason()
    {
        var recorder = CreateRecorder();
        recorder.Run();
        Broker.SendOrder(new OrderMessage { OrderId = "R1", Account = Account, Symbol = Symbol, Side = Side.Buy, OrderTypeId = OrderType.Limit, TotalQuantity = 3, Price = 90, Status = OrderStatus.Refused, OriginalStatus = "Rejected: not enough margin", LastUpdateTime = T0 });
        Broker.RemoveOrder("R1");
        recorder.Stop();

        Assert.That(Rows<(string, string, double)>("SELECT order_id, status, quantity FROM orders"), Is.EqualTo(new[] { ("R1", "REFUSED", 3.0) }));
        Assert.That(Scalar<string>("SELECT json_extract(extra_json, '$.original_status') FROM orders"), Is.EqualTo("Rejected: not enough margin"));
        Assert.That(Scalar<long>("SELECT COUNT(*) FROM executions"), Is.Zero);
    }

    [Test]
    public void Reversal_is_recorded_as_OPEN_then_REVERSE()
    {
        var recorder = CreateRecorder();
        recorder.Run();
        Broker.Fill(Place(Request(Side.Buy)), 100);
        Broker.Fill(Place(Request(Side.Sell, quantity: 2)), 101);
        recorder.Stop();

        Assert.That(Rows<(string, double, string)>("SELECT side, quantity, position_impact FROM executions ORDER BY id"),
            Is.EqualTo(new[] { ("BUY", 1.0, "OPEN"), ("SELL", 2.0, "REVERSE") }));
    }

    [Test]
    public void Two_symbols_on_one_account_are_recorded_with_their_own_positions()
    {
        var nq = Broker.AddSymbol("NQ", tickSize: 0.25, bid: 200, ask: 200.25, last: 200);
        var recorder = CreateRecorder();
        recorder.Run();
        Broker.Fill(Place(Request(Side.Buy)), 100);
        Broker.Fill(Place(Request(Side.Sell, symbol: nq)), 200);
        Broker.Fill(Place(Request(Side.Sell)), 101);
        recorder.Stop();

        Assert.That(Rows<(string, string, string)>("SELECT symbol, side, position_impact FROM executions ORDER BY id"),
            Is.EqualTo(new[] { ("ES", "BUY", "OPEN"), ("NQ", "SELL", "OPEN"), ("ES", "SELL", "CLOSE") }));
        Assert.That(Rows<string>("SELECT DISTINCT symbol FROM orders ORDER BY symbol"), Is.EqualTo(new[] { "ES", "NQ" }));
    }

    [Test]
    public void Recorder_with_a_symbol_and_a_comment_filter_records_only_matching_orders_and_their_fills()
    {
        var nq = Broker.AddSymbol("NQ", tickSize: 0.25, bid: 200, ask: 200.25, last: 200);
        var other = Broker.AddAccount("ACC2");
        var recorder = CreateRecorder(("Symbol", Symbol), ("Comment filter", "breakout"));
        recorder.Run();
        var mine = Place(Request(Side.Buy, comment: "breakout-long"));
        Broker.Fill(mine, 100);
        Broker.Fill(Place(Request(Side.Buy, comment: "manual")), 100);
        Broker.Fill(Place(Request(Side.Buy, symbol: nq, comment: "breakout-long")), 200);
        var foreign = Request(Side.Buy, comment: "breakout-long");
        foreign.Account = other;
        Broker.Fill(Place(foreign), 100);
        recorder.Stop();

        Assert.That(Rows<string>("SELECT order_id FROM orders"), Is.EqualTo(new[] { mine.Id }));
        Assert.That(Rows<string>("SELECT order_id FROM executions"), Is.EqualTo(new[] { mine.Id }));
        Assert.That(Scalar<string>("SELECT client_tag FROM orders"), Is.EqualTo("breakout-long"), "the comment is the order's tag unless the strategy gives one");
    }

    [Test]
    public void Repeated_platform_events_are_recorded_once()
    {
        var recorder = CreateRecorder();
        recorder.Run();
        var order = Place(Request(Side.Buy, OrderType.Limit, price: 99));
        for (var i = 0; i < 3; i++)
        {
            // The vendor repeats the same state: Order.Updated then OrderAdded each time.
            Broker.SendOrder(new OrderMessage { OrderId = order.Id, LastUpdateTime = order.LastUpdateTime });
        }

        Broker.Fill(order, 99, repeatTrade: true);
        Broker.SendTrade(new TradeMessage { TradeId = Core.GetTrades(new TradesHistoryRequestParameters()).First().Id, OrderId = order.Id, Account = Account, Symbol = Symbol, Side = Side.Buy, Price = 99, Quantity = 1, DateTime = T0, PositionImpactType = PositionImpactType.Open });
        recorder.Stop();

        Assert.That(Scalar<long>("SELECT COUNT(*) FROM executions"), Is.EqualTo(1));
        Assert.That(Scalar<long>("SELECT COUNT(*) FROM ingest_events WHERE event_type = 'EXECUTION'"), Is.EqualTo(1));
        Assert.That(Rows<string>("SELECT json_extract(payload_json, '$.status') FROM ingest_events WHERE event_type = 'ORDER' ORDER BY sequence"),
            Is.EqualTo(new[] { "OPENED", "FILLED" }));
    }
}
