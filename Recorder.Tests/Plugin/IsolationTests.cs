using NUnit.Framework;
using QuantowerRecorder.Tests.Plugin.Support;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Tests.Plugin;

/// <summary>Sharing one file between recorders, and nothing ever escaping into the platform.</summary>
[TestFixture]
public sealed class IsolationTests : PluginTestBase
{
    [Test]
    public void Two_recorders_on_one_file_share_one_writer_and_both_runs_are_complete()
    {
        var nq = Broker.AddSymbol("NQ", tickSize: 0.25, bid: 200, ask: 200.25, last: 200);
        var es = CreateRecorder(("Symbol", Symbol));
        var other = CreateRecorder(("Symbol", nq));
        es.Run();
        other.Run();
        Broker.Fill(Place(Request(Side.Buy)), 100.25);
        Broker.Fill(Place(Request(Side.Buy, symbol: nq)), 200.25);

        var first = es.GetMetrics()!.ToDictionary(m => m.Name, m => m.FormattedValue);
        var second = other.GetMetrics()!.ToDictionary(m => m.Name, m => m.FormattedValue);
        Assert.That(second["Database"], Is.EqualTo(first["Database"]));
        es.Stop();
        Broker.Fill(Place(Request(Side.Sell, symbol: nq)), 201);
        other.Stop();

        Assert.That(Rows<string>("SELECT status FROM strategy_runs"), Is.EqualTo(new[] { "COMPLETED", "COMPLETED" }));
        Assert.That(Rows<(string, long)>(
            "SELECT i.symbol, COUNT(x.id) FROM strategy_runs r JOIN strategy_instances i USING(instance_id) LEFT JOIN executions x USING(run_id) GROUP BY r.run_id ORDER BY i.symbol"),
            Is.EqualTo(new[] { ("ES", 1L), ("NQ", 2L) }));
        Assert.That(Scalar<long>("SELECT COUNT(*) FROM ingest_quarantine"), Is.Zero);
    }

    [Test]
    public void A_strategy_that_throws_in_its_own_handlers_does_not_stop_the_recording()
    {
        var strategy = Track(StandInStrategies.Create(new AuthorStrategy { DatabasePath = Db.Path, Clock = Clock, ThrowInOnRun = true }));
        strategy.Settings = [StandInSettings.Item("Account", Account), StandInSettings.Item("Symbol", Symbol)];
        // The author's own Core handler throws on every order: the platform catches it (invoked safely).
        Core.OrderAdded += _ => throw new InvalidOperationException("author handler bug");

        strategy.Run();
        Assert.That(strategy.State, Is.EqualTo(StrategyState.Working), "an exception in OnRun is logged and the state stays Working");
        Broker.Fill(Place(Request(Side.Buy)), 100.25);
        strategy.Stop();

        Assert.That(StandInPlatform.HandlerErrors.Select(e => e.Message), Is.Not.Empty.And.All.EqualTo("author handler bug"),
            "the platform caught the author's handler, and nothing of the recorder's");
        Assert.That(Scalar<string>("SELECT status FROM orders"), Is.EqualTo("FILLED"));
        Assert.That(Scalar<long>("SELECT COUNT(*) FROM executions"), Is.EqualTo(1));
        Assert.That(Scalar<string>("SELECT status FROM strategy_runs"), Is.EqualTo("COMPLETED"));
    }

    [Test]
    public void Malformed_platform_objects_never_throw_out_of_the_recorder_and_are_quarantined_or_logged()
    {
        var recorder = CreateRecorder();
        recorder.Run();

        // An order without a symbol and with no quantity: the writer quarantines it with the reason.
        Assert.That(() => Broker.SendOrder(new OrderMessage { OrderId = "BAD", Account = Account, Side = Side.Buy, OrderTypeId = OrderType.Market, TotalQuantity = double.NaN, Status = OrderStatus.Opened, LastUpdateTime = T0 }), Throws.Nothing);
        Assert.That(() => Broker.SendTrade(new TradeMessage { TradeId = "X", OrderId = "BAD", Account = Account, Side = Side.Buy, Price = double.NaN, Quantity = 0, DateTime = T0 }), Throws.Nothing);
        recorder.Stop();

        AssertNoPlatformHandlerErrors();
        Assert.That(Scalar<long>("SELECT COUNT(*) FROM ingest_quarantine"), Is.EqualTo(2));
        Assert.That(recorder.GetMetrics()!.Single(m => m.Name == "Quarantined").FormattedValue, Is.EqualTo("2"));
    }
}
