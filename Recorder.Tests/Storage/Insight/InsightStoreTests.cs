using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Insight;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage.Insight;

/// <summary>
/// The insight an analysis stores, worked by hand: implementation shortfall per order and per run (docs/metrics.md,
/// "Implementation shortfall") and each trade's context (order flow, bracket, excursions).
/// </summary>
[TestFixture]
public sealed class InsightStoreTests
{
    private static readonly TestClock Clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    private static InstrumentDefined Es(Scenario s) => new()
    {
        RunId = s.RunId, EventUtc = Scenario.T0, Source = s.Source, Symbol = "ES", TickSize = 0.25, PointValue = 50, Currency = "USD",
    };

    private static DecisionMarked Decision(Scenario s, string id, Side side, double quantity, double price, double at, string? order = null) => new()
    {
        RunId = s.RunId, EventUtc = s.At(at), Source = s.Source, DecisionId = id, Symbol = "ES", Side = side, Quantity = quantity,
        Price = price, Signal = "signal " + id, OrderId = order,
    };

    /// <summary>
    /// ES (point value 50), 1-minute bars closing 5000, 5004, 5006, 5010 (bar n ends at (n+1)·60 s).
    /// E: decision D1 at 50 s, buy 2 at 4999; submitted at 65 s (market 5000); fills 1 at 5001 and 1 at 5002.
    /// L: decision D2 at 125 s, buy 3 at 5003.5; limit submitted at 130 s (market 5004); fills 1 at 5003, cancelled at
    ///    190 s (market 5006).
    /// X: no decision; sell 2 submitted at 200 s (market 5006), fills 2 at 5005. Every fill pays 2.50.
    /// </summary>
    internal static Scenario RecordThreeOrders(TempDatabase db)
    {
        var s = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, s.Start().Concat<RecorderEvent>(
        [
            Es(s),
            s.Bar(0, 5000),
            Decision(s, "D1", Side.Buy, 2, 4999, at: 50),
            s.Order("E", Side.Buy, 2, "OPENED", at: 65),
            Decision(s, "D1", Side.Buy, 2, 4999, at: 50, order: "E"),
            s.Fill("E1", "E", Side.Buy, 1, price: 5001, at: 66), s.Fill("E2", "E", Side.Buy, 1, price: 5002, at: 67),
            s.Order("E", Side.Buy, 2, "FILLED", at: 67, filled: 2),
            s.Bar(1, 5004),
            Decision(s, "D2", Side.Buy, 3, 5003.5, at: 125, order: "L"),
            s.Order("L", Side.Buy, 3, "OPENED", at: 130, type: "LIMIT", price: 5003),
            s.Fill("L1", "L", Side.Buy, 1, price: 5003, at: 140),
            s.Bar(2, 5006),
            s.Order("L", Side.Buy, 3, "CANCELLED", at: 190, type: "LIMIT", price: 5003, filled: 1) with { SubmitUtc = s.At(130) },
            s.Order("X", Side.Sell, 2, "OPENED", at: 200),
            s.Fill("X1", "X", Side.Sell, 2, price: 5005, at: 201),
            s.Order("X", Side.Sell, 2, "FILLED", at: 201, filled: 2) with { SubmitUtc = s.At(200) },
            s.Bar(3, 5010),
            s.End(at: 300),
        ]));
        return s;
    }

    [Test]
    public void Each_orders_shortfall_parts_are_stored_as_worked_by_hand()
    {
        using var db = new TempDatabase();
        var s = RecordThreeOrders(db);

        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: Clock);

        var rows = Db.Query<(string Order, string? Decision, long HasDecision, double? Delay, double? Execution, double Fees, double? Opportunity, double Total, long Complete)>(
            db.Path, "SELECT order_id, decision_id, has_decision, delay, execution, fees, opportunity, total, complete FROM run_order_shortfall ORDER BY order_id")
            .ToDictionary(r => r.Order);
        // E: delay (5000 − 4999) × 2 × 50 = 100; execution ((5001 − 5000) + (5002 − 5000)) × 50 = 150; fees 5; all filled.
        Assert.That(rows["E"], Is.EqualTo(("E", (string?)"D1", 1L, (double?)100, (double?)150, 5.0, (double?)0, 255.0, 1L)));
        // L: delay (5004 − 5003.5) × 1 × 50 = 25; execution (5003 − 5004) × 1 × 50 = −50; fees 2.5;
        //    opportunity (5006 − 5003.5) × 2 unfilled × 50 = 250 (valued at the market when it was cancelled).
        Assert.That(rows["L"], Is.EqualTo(("L", (string?)"D2", 1L, (double?)25, (double?)(-50), 2.5, (double?)250, 227.5, 1L)));
        // X: a sell, no decision: delay unknown; execution −1 × (5005 − 5006) × 2 × 50 = 100; fees 2.5.
        Assert.That(rows["X"], Is.EqualTo(("X", (string?)null, 0L, (double?)null, (double?)100, 2.5, (double?)0, 102.5, 0L)));
    }

    [Test]
    public void An_order_without_a_decision_mark_has_its_delay_unknown_with_the_reason_never_a_zero()
    {
        using var db = new TempDatabase();
        var s = RecordThreeOrders(db);

        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: Clock);

        var x = Db.Query<(long HasDecision, double? Delay, string? Why, double? DecisionPrice, double? Submission)>(db.Path,
            "SELECT has_decision, delay, delay_unknown, decision_price, submission_price FROM run_order_shortfall WHERE order_id = 'X'").Single();
        Assert.That(x, Is.EqualTo((0L, (double?)null, (string?)ImplementationShortfall.NoDecision, (double?)null, (double?)5006)));
        Assert.That(Db.Scalar<string?>(db.Path, "SELECT delay_unknown FROM run_order_shortfall WHERE order_id = 'E'"), Is.Null);
    }

    [Test]
    public void The_runs_shortfall_sums_are_stored_as_run_metrics_in_money()
    {
        using var db = new TempDatabase();
        var s = RecordThreeOrders(db);

        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: Clock);

        var metrics = Db.Query<(string Key, double? Value, string Unit)>(db.Path,
                "SELECT key, value, unit FROM run_metrics_kv WHERE run_id = @RunId AND key LIKE 'shortfall%'", new { s.RunId })
            .ToDictionary(m => m.Key);
        Assert.That(metrics[InsightKeys.ShortfallOrders].Value, Is.EqualTo(3));
        Assert.That(metrics[InsightKeys.ShortfallDecisionOrders].Value, Is.EqualTo(2));
        Assert.That(metrics[InsightKeys.ShortfallDelay], Is.EqualTo((InsightKeys.ShortfallDelay, (double?)125, "money")), "100 + 25; X's is unknown, not 0");
        Assert.That(metrics[InsightKeys.ShortfallExecution].Value, Is.EqualTo(200), "150 − 50 + 100");
        Assert.That(metrics[InsightKeys.ShortfallFees].Value, Is.EqualTo(10));
        Assert.That(metrics[InsightKeys.ShortfallOpportunity].Value, Is.EqualTo(250));
        Assert.That(metrics[InsightKeys.ShortfallTotal].Value, Is.EqualTo(585), "255 + 227.5 + 102.5");
        Assert.That(metrics[InsightKeys.ShortfallCompleteOrders].Value, Is.EqualTo(2));

        var instance = Db.Query<(string Currency, long Runs, long Orders, long WithDecision, double? Delay, double Total)>(db.Path,
            "SELECT currency, runs, orders, orders_with_decision, delay, total FROM v_instance_shortfall WHERE instance_id = @InstanceId",
            new { s.InstanceId }).Single();
        Assert.That(instance, Is.EqualTo(("USD", 1L, 3L, 2L, (double?)125, 585.0)));
    }

    [Test]
    public void A_decision_recorded_again_with_its_order_ties_it_and_a_later_record_without_one_keeps_the_tie()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, s.Start().Concat<RecorderEvent>(
        [
            Decision(s, "D1", Side.Buy, 2, 4999, at: 50),
            Decision(s, "D1", Side.Buy, 2, 4999, at: 50, order: "E"),
            Decision(s, "D1", Side.Buy, 2, 4999, at: 50) with { Signal = "renamed" },
            Decision(s, "D1", Side.Buy, 2, 4999, at: 50),
        ]));

        var row = Db.Query<(string Decision, string Time, string? Signal, string Side, double Quantity, double Price, string? Order)>(db.Path,
            "SELECT decision_id, decided_utc, signal, side, quantity, price, order_id FROM order_decisions").Single();
        Assert.That(row, Is.EqualTo(("D1", "2026-03-02T14:30:50.0000000Z", (string?)"renamed", "BUY", 2.0, 4999.0, (string?)"E")),
            "the later record replaced the signal and kept the order its predecessor tied");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_events WHERE event_type = 'DECISION'"), Is.EqualTo(3),
            "the exact repeat is a duplicate; the three different records stay in the raw log");
    }

    [Test]
    public void A_decision_with_a_price_that_is_not_a_number_is_quarantined_with_its_reason()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, s.Start().Concat<RecorderEvent>([Decision(s, "D1", Side.Buy, 2, double.NaN, at: 50)]));

        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM order_decisions"), Is.EqualTo(0));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT reason FROM ingest_quarantine"), Does.Contain("decision price is NaN"));
    }
}
