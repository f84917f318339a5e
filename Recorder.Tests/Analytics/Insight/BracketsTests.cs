using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Insight;
using static QuantowerRecorder.Tests.Analytics.Insight.Trades;

namespace QuantowerRecorder.Tests.Analytics.Insight;

public sealed class BracketsTests
{
    private const double Tol = 1e-9;

    private static readonly RunContext Es = new() { Symbols = new Dictionary<string, SymbolSpec>(StringComparer.Ordinal) { ["ES"] = new() { TickSize = 0.25 } } };

    private static OrderInfo Sl(string id, double stop, string? parent = null, string? group = null, Side side = Side.Sell) =>
        new(id, "ES", side, OrderType.Stop, 1, OrderStatus.Unknown, At(0)) { StopPrice = stop, OcoRole = OcoRole.StopLoss, ParentOrderId = parent, OcoGroupId = group };

    private static OrderInfo Tp(string id, double limit, string? parent = null, string? group = null, Side side = Side.Sell) =>
        new(id, "ES", side, OrderType.Limit, 1, OrderStatus.Unknown, At(0)) { LimitPrice = limit, OcoRole = OcoRole.TakeProfit, ParentOrderId = parent, OcoGroupId = group };

    private static readonly RoundTrip[] Sample =
    [
        // 1: long @100 → take-profit @105 after 10 minutes; stop 98 trailed to 99, then 100.
        Make(TradeSide.Long, 1, 0, 100, 10, 105, number: 1, exitReason: ExitReason.TakeProfit) with { ExitOrderIds = ["tp1"] },
        // 2: short @200 → stopped @202; its stop and target are linked only through their OCO group.
        Make(TradeSide.Short, 1, 20, 200, 25, 202, number: 2, exitReason: ExitReason.StopLoss) with { ExitOrderIds = ["sl2"] },
        // 3: long @100 closed by hand @100.25: one tick, a scratch.
        Make(TradeSide.Long, 1, 30, 100, 31, 100.25, number: 3),
        // 4: long @100 closed by hand @101: manual.
        Make(TradeSide.Long, 1, 40, 100, 44, 101, number: 4),
        // 5: no bracket.
        Make(TradeSide.Long, 1, 50, 100, 51, 101, number: 5),
        // 6: long @100 reversed @99.5.
        Make(TradeSide.Long, 1, 60, 100, 62, 99.5, number: 6, exitReason: ExitReason.Reversal),
    ];

    private static readonly OrderInfo[] Orders =
    [
        Sl("sl1", 100, parent: "e1"), Tp("tp1", 105, parent: "e1"),
        Sl("sl2", 202, group: "G2", side: Side.Buy), Tp("tp2", 194, group: "G2", side: Side.Buy),
        Sl("sl3", 99, parent: "e3"),
        Sl("sl4", 99, parent: "e4"),
        Sl("sl6", 98, parent: "e6"),
    ];

    private static readonly OrderPriceState[] History =
    [
        new("sl1", At(0.1), 98, null),
        new("sl1", At(1), 98, null),   // same price: not a move
        new("sl1", At(2), 99, null),
        new("sl1", At(3), 100, null),
        new("sl1", At(11), 104, null), // after the exit: ignored
    ];

    [Test]
    public void Outcome_stop_moves_and_reward_risk_per_bracket()
    {
        var r = Brackets.Evaluate(Sample, Orders, History, Es);

        Assert.That(r.Select(x => (x.TradeNumber, x.Outcome)), Is.EqualTo(new[]
        {
            (1, BracketOutcome.Target), (2, BracketOutcome.Stop), (3, BracketOutcome.Scratch), (4, BracketOutcome.Manual), (6, BracketOutcome.Reversal),
        }));

        // Trade 1: stop 98 → 99 → 100: 2 moves, +2 in price = 8 ticks in the long's favour.
        // Placed: |105 − 100| / |100 − 98| = 2.5; got: (105 − 100) / 2 = 2.5; 10 minutes.
        Assert.That(r[0].InitialStop, Is.EqualTo(98));
        Assert.That(r[0].FinalStop, Is.EqualTo(100));
        Assert.That(r[0].StopMoves, Is.EqualTo(2));
        Assert.That(r[0].StopMovedTicks, Is.EqualTo(8).Within(Tol));
        Assert.That(r[0].PlacedRewardRisk, Is.EqualTo(2.5).Within(Tol));
        Assert.That(r[0].GotRewardRisk, Is.EqualTo(2.5).Within(Tol));
        Assert.That(r[0].TimeToOutcome, Is.EqualTo(TimeSpan.FromMinutes(10)));

        // Trade 2 (short @200): stop 202, target 194, no recorded states: no moves.
        // Placed |194 − 200| / |200 − 202| = 3; got −(202 − 200) / 2 = −1.
        Assert.That(r[1].StopOrderId, Is.EqualTo("sl2"));
        Assert.That(r[1].TargetOrderId, Is.EqualTo("tp2"));
        Assert.That(r[1].StopMoves, Is.EqualTo(0));
        Assert.That(r[1].PlacedRewardRisk, Is.EqualTo(3).Within(Tol));
        Assert.That(r[1].GotRewardRisk, Is.EqualTo(-1).Within(Tol));

        // Trade 3: no target, so no placed ratio; got 0.25 / 1 = 0.25.
        Assert.That(r[2].PlacedRewardRisk, Is.Null);
        Assert.That(r[2].GotRewardRisk, Is.EqualTo(0.25).Within(Tol));
    }

    [Test]
    public void Summary_counts_outcomes_and_averages_the_ratios()
    {
        var s = BracketSummary.Of(Brackets.Evaluate(Sample, Orders, History, Es));

        // Got: 2.5, −1, 0.25, (101 − 100) / 1 = 1, (99.5 − 100) / 2 = −0.25 → sum 2.5, mean 0.5.
        // Placed: 2.5 and 3 → 2.75. Stop moved on 1 bracket; moves 2, 0, 0, 0, 0 → 0.4.
        // Times 10, 5, 1, 4, 2 minutes → 4.4 minutes.
        Assert.That(s.Brackets, Is.EqualTo(5));
        Assert.That(s.Outcomes[BracketOutcome.Target], Is.EqualTo(1));
        Assert.That(s.Outcomes[BracketOutcome.Manual], Is.EqualTo(1));
        Assert.That(s.StopMovedCount, Is.EqualTo(1));
        Assert.That(s.AverageStopMoves, Is.EqualTo(0.4).Within(Tol));
        Assert.That(s.AveragePlacedRewardRisk, Is.EqualTo(2.75).Within(Tol));
        Assert.That(s.AverageGotRewardRisk, Is.EqualTo(0.5).Within(Tol));
        Assert.That(s.AverageTimeToOutcome, Is.EqualTo(TimeSpan.FromMinutes(4.4)));
    }

    [Test]
    public void A_bracket_without_a_stop_counts_as_no_stop_move_in_the_mean()
    {
        // Trade 1 as in the sample (2 moves); trade 8 has only a target: 0 moves, counted, as v_bracket_outcomes counts it.
        var trades = new[] { Sample[0], Make(TradeSide.Long, 1, 70, 100, 71, 102, number: 8) };
        var orders = Orders.Append(Tp("tp8", 102, parent: "e8")).ToArray();

        var r = Brackets.Evaluate(trades, orders, History, Es);
        var s = BracketSummary.Of(r);

        Assert.That(r.Select(x => (x.TradeNumber, x.StopOrderId, x.StopMoves)), Is.EqualTo(new[] { (1, (string?)"sl1", 2), (8, null, 0) }));
        Assert.That(s.AverageStopMoves, Is.EqualTo(1.0).Within(Tol), "(2 + 0) / 2");
    }

    [Test]
    public void Without_a_tick_size_only_an_exit_at_the_entry_price_is_a_scratch()
    {
        var trades = new[] { Make(TradeSide.Long, 1, 30, 100, 31, 100.25, number: 3), Make(TradeSide.Long, 1, 40, 100, 41, 100, number: 4) };

        var r = Brackets.Evaluate(trades, Orders, [], new RunContext());

        Assert.That(r.Select(x => x.Outcome), Is.EqualTo(new[] { BracketOutcome.Manual, BracketOutcome.Scratch }));
        Assert.That(r[0].StopMovedTicks, Is.Null);
    }

    [Test]
    public void Of_several_linked_orders_the_earliest_submitted_of_the_trades_symbol_is_its_bracket()
    {
        // Trade 7 (long ES, entry e7 in OCO group G7, exit x7). Through the entry's parent link come a later stop, an
        // earlier one of another symbol and a later target; through the group, afterwards, the earliest stop and target of
        // ES; through the exit itself, the latest target. The same stop found through both links is one order.
        var trade = Make(TradeSide.Long, 1, 0, 100, 10, 103, number: 7);
        var orders = new[]
        {
            new OrderInfo("e7", "ES", Side.Buy, OrderType.Market, 1, OrderStatus.Filled, At(0)) { OcoGroupId = "G7", OcoRole = OcoRole.Entry },
            Sl("late", 96, parent: "e7", group: "G7") with { SubmitTimeUtc = At(3) },
            Sl("other", 95, parent: "e7") with { Symbol = "NQ", SubmitTimeUtc = At(0.5) },
            Tp("later", 105, parent: "e7") with { SubmitTimeUtc = At(4) },
            Sl("early", 97, group: "G7") with { SubmitTimeUtc = At(1) },
            Tp("tp", 103, group: "G7") with { SubmitTimeUtc = At(2) },
            Tp("x7", 104) with { SubmitTimeUtc = At(5) },
        };

        var r = Brackets.Evaluate([trade], orders, [], Es);

        Assert.That(r, Has.Count.EqualTo(1));
        Assert.That((r[0].StopOrderId, r[0].InitialStop, r[0].TargetOrderId, r[0].Target), Is.EqualTo(("early", 97.0, "tp", 103.0)),
            "the earliest submitted of each role, of the trade's symbol, however it was found");
    }
}
