using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Insight;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage.Insight;

/// <summary>
/// Each closed trade's context stored with the run's analysis (run_trade_context and its views), worked by hand:
/// order flow at entry and exit, the bracket's outcome and stop moves, and the excursion efficiencies.
/// </summary>
[TestFixture]
public sealed class TradeContextStoreTests
{
    private static readonly TestClock Clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    /// <summary>
    /// ES (tick 0.25, point value 50). Long 2 at 5000, filled at 61 s and 62 s (bar 1); a bracket: stop 4995, moved to
    /// 4998 at 100 s; target 5010, filled at 170 s (bar 2). Volumetric bars: bar 0 delta 3; bar 1 buy 4, sell 6, no
    /// delta given (so −2), POC 5007; bar 2 delta 5, buy 7.5, sell 2.5, POC 5010.5.
    /// </summary>
    private static Scenario RecordBracketWithOrderFlow(TempDatabase db, bool volumetric = true)
    {
        var s = new Scenario(source: RunSource.Backtest);
        string? Flow(string json) => volumetric ? json : null;
        BarRecorded Bar(int minute, double close, string json) => s.Bar(minute, close) with { VolumetricJson = Flow(json) };
        Recorded.Write(db.Path, s.Start(withSeries: false).Concat<RecorderEvent>(
        [
            new SeriesDefined { RunId = s.RunId, EventUtc = Scenario.T0, Source = s.Source, SeriesId = s.SeriesId, Symbol = "ES", Timeframe = "1m", HasVolumetric = volumetric },
            new InstrumentDefined { RunId = s.RunId, EventUtc = Scenario.T0, Source = s.Source, Symbol = "ES", TickSize = 0.25, PointValue = 50, Currency = "USD" },
            Bar(0, 5000, """{"delta":3,"buy_volume":6.5,"sell_volume":3.5,"poc":4999}"""),
            s.Order("E", Side.Buy, 2, "FILLED", at: 60, filled: 2),
            s.Fill("X1", "E", Side.Buy, 1, price: 5000, at: 61), s.Fill("X2", "E", Side.Buy, 1, price: 5000, at: 62),
            new OcoGroupDefined { RunId = s.RunId, EventUtc = s.At(63), OcoGroupId = "B1", Label = "Bracket" },
            new OcoLinkAdded { RunId = s.RunId, EventUtc = s.At(63), OcoGroupId = "B1", OrderId = "E", Role = "ENTRY" },
            new OcoLinkAdded { RunId = s.RunId, EventUtc = s.At(63), OcoGroupId = "B1", OrderId = "SL", Role = "SL" },
            new OcoLinkAdded { RunId = s.RunId, EventUtc = s.At(63), OcoGroupId = "B1", OrderId = "TP", Role = "TP" },
            s.Order("SL", Side.Sell, 2, "OPENED", at: 63, type: "STOP", stop: 4995),
            s.Order("TP", Side.Sell, 2, "OPENED", at: 63, type: "LIMIT", price: 5010),
            Bar(1, 5008, """{"buy_volume":4,"sell_volume":6,"poc":5007}"""),
            s.Order("SL", Side.Sell, 2, "OPENED", at: 100, type: "STOP", stop: 4998) with { SubmitUtc = s.At(63) },
            Bar(2, 5011, """{"delta":5,"buy_volume":7.5,"sell_volume":2.5,"poc":5010.5}"""),
            s.Fill("X3", "TP", Side.Sell, 2, price: 5010, at: 170),
            s.Order("TP", Side.Sell, 2, "FILLED", at: 170, type: "LIMIT", price: 5010, filled: 2) with { SubmitUtc = s.At(63) },
            s.Order("SL", Side.Sell, 2, "CANCELLED", at: 170, type: "STOP", stop: 4998) with { SubmitUtc = s.At(63) },
            s.End(at: 200),
        ]));
        return s;
    }

    [Test]
    public void Order_flow_at_entry_and_exit_is_stored_per_trade()
    {
        using var db = new TempDatabase();
        var s = RecordBracketWithOrderFlow(db);

        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: Clock);

        var c = Db.Query<(string EntryBar, double? Delta, double? Cumulative, double? Poc, double? Imbalance)>(db.Path,
            "SELECT entry_bar_utc, entry_delta, entry_cum_delta, entry_poc_ticks, entry_imbalance FROM run_trade_context WHERE trade_no = 1").Single();
        // Bar 1: delta 4 − 6 = −2; cumulative since 00:00 UTC 3 − 2 = 1; (5000 − 5007) / 0.25 = −28 ticks; (4 − 6) / 10.
        Assert.That(c, Is.EqualTo(("2026-03-02T14:31:00.0000000Z", (double?)-2, (double?)1, (double?)-28, (double?)-0.2)));
        var x = Db.Query<(double? Delta, double? Cumulative, double? Poc, double? Imbalance)>(db.Path,
            "SELECT exit_delta, exit_cum_delta, exit_poc_ticks, exit_imbalance FROM run_trade_context WHERE trade_no = 1").Single();
        // Bar 2: delta 5; cumulative 1 + 5 = 6; (5010 − 5010.5) / 0.25 = −2 ticks; (7.5 − 2.5) / 10 = 0.5.
        Assert.That(x, Is.EqualTo(((double?)5, (double?)6, (double?)-2, (double?)0.5)));

        var split = Db.Query<(string Sign, long Trades, long Wins, double NetPnl)>(db.Path,
            "SELECT entry_delta_sign, trades, wins, net_pnl FROM v_pnl_by_entry_delta WHERE run_id = @RunId", new { s.RunId }).Single();
        Assert.That(split, Is.EqualTo(("NEGATIVE", 1L, 1L, 20 * 50 - 7.5)), "gross (5010 − 5000) × 2 × 50, three fills × 2.50");
    }

    [Test]
    public void Without_volumetric_bars_the_order_flow_is_null_and_the_trade_counts_as_unknown()
    {
        using var db = new TempDatabase();
        var s = RecordBracketWithOrderFlow(db, volumetric: false);

        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: Clock);

        var c = Db.Query<(string? Bar, double? Delta, double? Cumulative, double? Poc, double? Imbalance, double? ExitDelta)>(db.Path,
            "SELECT entry_bar_utc, entry_delta, entry_cum_delta, entry_poc_ticks, entry_imbalance, exit_delta FROM run_trade_context").Single();
        Assert.That(c, Is.EqualTo(((string?)null, (double?)null, (double?)null, (double?)null, (double?)null, (double?)null)));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT entry_delta_sign FROM v_pnl_by_entry_delta"), Is.EqualTo("UNKNOWN"));
    }

    [Test]
    public void The_brackets_outcome_stop_move_and_reward_to_risk_are_stored()
    {
        using var db = new TempDatabase();
        var s = RecordBracketWithOrderFlow(db);

        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: Clock);

        var b = Db.Query<(string Outcome, string Stop, string Target, double Initial, double Final, double TargetPrice, long Moves, double MovedTicks, double Seconds, double Placed, double Got)>(db.Path,
            """
            SELECT bracket_outcome, stop_order_id, target_order_id, initial_stop, final_stop, target_price, stop_moves,
                   stop_moved_ticks, time_to_outcome_s, placed_reward_risk, got_reward_risk
            FROM run_trade_context WHERE trade_no = 1
            """).Single();
        // Stop 4995 → 4998: one move, 3 points = 12 ticks in the long's favour; 61 s → 170 s; risk 5000 − 4995 = 5:
        // placed |5010 − 5000| / 5 = 2, got (5010 − 5000) / 5 = 2.
        Assert.That(b, Is.EqualTo(("TARGET", "SL", "TP", 4995.0, 4998.0, 5010.0, 1L, 12.0, 109.0, 2.0, 2.0)));

        var outcome = Db.Query<(string Outcome, long Trades, long Moved, double NetPnl)>(db.Path,
            "SELECT bracket_outcome, trades, stop_moved, net_pnl FROM v_bracket_outcomes WHERE run_id = @RunId", new { s.RunId }).Single();
        Assert.That(outcome, Is.EqualTo(("TARGET", 1L, 1L, 992.5)));
    }

    [Test]
    public void Etd_and_the_efficiencies_are_stored_from_the_trades_own_excursions()
    {
        using var db = new TempDatabase();
        var s = RecordBracketWithOrderFlow(db);

        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: Clock);

        var t = Db.Query<(double Mae, double Mfe, double Gross)>(db.Path, "SELECT mae, mfe, gross_pnl FROM run_trades WHERE trade_no = 1").Single();
        // Held from 61 s to 170 s through bars 1 (5006–5010) and 2 (5009–5013), entered at 5000: the lowest price is the
        // entry (L = 5000), the highest bar 2's 5013 (H); × 2 × 50 per point.
        Assert.That((t.Mae, t.Mfe, t.Gross), Is.EqualTo((0.0, 1300.0, 1000.0)));
        var c = Db.Query<(double Etd, double Entry, double Exit, double Total)>(db.Path,
            "SELECT etd, entry_efficiency, exit_efficiency, total_efficiency FROM run_trade_context WHERE trade_no = 1").Single();
        // ETD 1300 − 1000 = 300; entry (H − E) / (H − L) = 13 / 13 = 1; exit (X − L) / (H − L) = 10 / 13; total 10 / 13.
        Assert.That(c.Etd, Is.EqualTo(300).Within(1e-9));
        Assert.That(c.Entry, Is.EqualTo(1).Within(1e-12));
        Assert.That(c.Exit, Is.EqualTo(10.0 / 13).Within(1e-12));
        Assert.That(c.Total, Is.EqualTo(10.0 / 13).Within(1e-12));
    }

    [Test]
    public void Each_bracket_outcome_is_stored_as_its_name_in_capitals_one_string_each()
    {
        foreach (var outcome in Enum.GetValues<BracketOutcome>())
        {
            var stored = InsightRows.Outcome(outcome);
            Assert.That(stored, Is.EqualTo(outcome.ToString().ToUpperInvariant()), "docs/metrics.md's spelling");
            Assert.That(stored, Is.SameAs(InsightRows.Outcome(outcome)), "the same string each time, hashed once per table");
        }

        Assert.That(() => InsightRows.Outcome((BracketOutcome)99), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
