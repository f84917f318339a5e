using NUnit.Framework;
using QuantowerRecorder.Tests.Plugin.Support;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Tests.Plugin.Insight;

/// <summary>
/// RunRecorder.MarkDecision: the mark is recorded at the recorder's clock and ties the next new order of its symbol
/// and side; it never throws into the strategy.
/// </summary>
[TestFixture]
public sealed class DecisionMarkTests : PluginTestBase
{
    private AuthorStrategy Started()
    {
        var strategy = Track(StandInStrategies.Create(new AuthorStrategy { DatabasePath = Db.Path, Clock = Clock }));
        strategy.Settings = [StandInSettings.Item("Account", Account), StandInSettings.Item("Symbol", Symbol)];
        strategy.Run();
        return strategy;
    }

    [Test]
    public void A_mark_is_stored_with_the_recorders_time_and_ties_the_next_order_of_its_side_only()
    {
        var strategy = Started();
        Clock.Advance(TimeSpan.FromSeconds(5));
        var id = strategy.Recorder!.MarkDecision("breakout-long", Side.Buy, 2, 100.25);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var protective = Place(Request(Side.Sell, OrderType.Stop, quantity: 2, trigger: 99));
        var entry = Place(Request(Side.Buy, quantity: 2));
        var next = Place(Request(Side.Buy, quantity: 1));
        strategy.Stop();

        Assert.That(id, Is.EqualTo("D-1"));
        var row = Rows<(string Id, string Time, string Signal, string Symbol, string Side, double Quantity, double Price, string? Order)>(
            "SELECT decision_id, decided_utc, signal, symbol, side, quantity, price, order_id FROM order_decisions").Single();
        Assert.That(row, Is.EqualTo(("D-1", "2026-03-02T14:30:05.0000000Z", "breakout-long", "ES", "BUY", 2.0, 100.25, (string?)entry.Id)),
            "the sell stop placed first is not the decision's side; the second buy came after the mark was used");
        Assert.That(protective.Id, Is.Not.EqualTo(entry.Id));
        Assert.That(Scalar<long>("SELECT COUNT(*) FROM order_decisions WHERE order_id = @Id", new { next.Id }), Is.EqualTo(0));
        AssertNoPlatformHandlerErrors();
    }

    [Test]
    public void A_later_mark_of_the_symbol_replaces_one_still_waiting_which_stays_untied()
    {
        var strategy = Started();
        var first = strategy.Recorder!.MarkDecision("first", Side.Buy, 1, 100);
        var second = strategy.Recorder!.MarkDecision("second", Side.Buy, 1, 100.5);
        var order = Place(Request(Side.Buy));
        strategy.Stop();

        var rows = Rows<(string Id, string? Order)>("SELECT decision_id, order_id FROM order_decisions ORDER BY decision_id");
        Assert.That((first, second), Is.EqualTo(("D-1", "D-2")));
        Assert.That(rows, Is.EqualTo(new[] { ("D-1", (string?)null), ("D-2", (string?)order.Id) }));
    }

    [Test]
    public void A_mark_with_an_unusable_quantity_or_price_is_refused_in_the_log_and_never_throws()
    {
        var strategy = Started();
        string? zero = null, nan = null;
        Assert.DoesNotThrow(() =>
        {
            zero = strategy.Recorder!.MarkDecision("zero", Side.Buy, 0, 100);
            nan = strategy.Recorder!.MarkDecision("nan", Side.Buy, 1, double.NaN);
        });
        strategy.Stop();

        Assert.That((zero, nan), Is.EqualTo(((string?)null, (string?)null)));
        Assert.That(Scalar<long>("SELECT COUNT(*) FROM order_decisions"), Is.EqualTo(0));
        Assert.That(strategy.Logs.Select(l => l.Event), Has.Some.Contains("decision mark 'zero' ignored"));
    }

    [Test]
    public void Marking_after_the_run_ended_records_nothing_and_returns_null()
    {
        var strategy = Started();
        var recorder = strategy.Recorder!;
        strategy.Stop();

        Assert.That(recorder.MarkDecision("late", Side.Sell, 1, 100), Is.Null);
        Assert.That(Scalar<long>("SELECT COUNT(*) FROM order_decisions"), Is.EqualTo(0));
    }
}
