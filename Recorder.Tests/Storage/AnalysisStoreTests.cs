using Dapper;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

[TestFixture]
public sealed class AnalysisStoreTests
{
    private static readonly TestClock Clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Long 2 at 5000 with a bracket; the TP fills at 5010: one trade, +20 gross, 3 fills × 2.5 fees.</summary>
    private static Scenario RecordBracketWinner(TempDatabase db)
    {
        var s = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, s.Start().Concat<RecorderEvent>(
        [
            s.Bar(0, 5000),
            s.Order("E", Side.Buy, 2, "FILLED", at: 60, filled: 2),
            s.Fill("X1", "E", Side.Buy, 1, price: 5000, at: 61), s.Fill("X2", "E", Side.Buy, 1, price: 5000, at: 62),
            new OcoGroupDefined { RunId = s.RunId, EventUtc = s.At(63), OcoGroupId = "B1", Label = "Bracket" },
            new OcoLinkAdded { RunId = s.RunId, EventUtc = s.At(63), OcoGroupId = "B1", OrderId = "E", Role = "ENTRY" },
            new OcoLinkAdded { RunId = s.RunId, EventUtc = s.At(63), OcoGroupId = "B1", OrderId = "SL", Role = "SL" },
            new OcoLinkAdded { RunId = s.RunId, EventUtc = s.At(63), OcoGroupId = "B1", OrderId = "TP", Role = "TP" },
            s.Order("SL", Side.Sell, 2, "OPENED", at: 63, type: "STOP", stop: 4995),
            s.Order("TP", Side.Sell, 2, "OPENED", at: 63, type: "LIMIT", price: 5010),
            s.Bar(1, 5008), s.Bar(2, 5011),
            s.Fill("X3", "TP", Side.Sell, 2, price: 5010, at: 170),
            s.Order("TP", Side.Sell, 2, "FILLED", at: 170, type: "LIMIT", price: 5010, filled: 2),
            s.Order("SL", Side.Sell, 2, "CANCELLED", at: 170, type: "STOP", stop: 4995),
            s.End(at: 200),
        ]));
        return s;
    }

    [Test]
    public void Analyzing_a_run_stores_its_round_trips_equity_order_quality_and_metrics()
    {
        using var db = new TempDatabase();
        var s = RecordBracketWinner(db);

        var result = RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: Clock);

        Assert.That(result.Analysis.Trades, Has.Count.EqualTo(1));
        var trade = Db.Query<(string Side, double Qty, double Entry, double Exit, double Gross, double Fees, double Net, string Reason, double? R)>(db.Path,
            "SELECT side, quantity, entry_price, exit_price, gross_pnl, fees, net_pnl, exit_reason, r_multiple FROM run_trades WHERE run_id = @RunId",
            new { s.RunId }).Single();
        Assert.That(trade, Is.EqualTo(("LONG", 2.0, 5000.0, 5010.0, 20.0, 7.5, 12.5, "TP", (double?)(12.5 / 10.0))),
            "R = net 12.5 / risk |5000 − 4995| × 2");
        Assert.That(Db.Scalar<double>(db.Path, "SELECT value FROM run_metrics_kv WHERE key = 'net_pnl'"), Is.EqualTo(12.5));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_equity WHERE run_id = @RunId", new { s.RunId }), Is.GreaterThan(0));
        Assert.That(Db.Scalar<double>(db.Path, "SELECT fill_ratio FROM run_order_quality WHERE order_id = 'TP'"), Is.EqualTo(1.0));
        var summary = Db.Scalar<string>(db.Path, "SELECT metrics_json FROM strategy_runs");
        Assert.That(summary, Does.Contain("\"net_pnl\":12.5").And.Contain("\"analyzed_utc\":\"2026-11-21T12:00:00.0000000Z\""));
    }

    [Test]
    public void Recomputing_replaces_the_results_and_derived_rows_can_be_dropped_and_rebuilt()
    {
        using var db = new TempDatabase();
        var s = RecordBracketWinner(db);
        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: Clock);
        var tables = new[] { "run_trades", "run_equity", "run_order_quality", "run_metrics_kv", "strategy_runs" };
        var first = tables.ToDictionary(t => t, t => Db.Dump(db.Path, t, "1, 2"));

        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: Clock);
        foreach (var table in tables)
        {
            Assert.That(Db.Dump(db.Path, table, "1, 2"), Is.EqualTo(first[table]), "recompute: " + table);
        }

        using (var connection = DatabaseFile.OpenForWriting(db.Path, Clock))
        {
            connection.Execute("DELETE FROM run_trades; DELETE FROM equity_data; DELETE FROM run_order_quality; DELETE FROM run_metrics_kv;");
        }

        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: Clock);
        foreach (var table in tables)
        {
            Assert.That(Db.Dump(db.Path, table, "1, 2"), Is.EqualTo(first[table]), "rebuilt: " + table);
        }
    }

    [Test]
    public void Views_show_runs_trades_orders_oco_groups_and_instances_as_DB_Browser_users_query_them()
    {
        using var db = new TempDatabase();
        var s = RecordBracketWinner(db);
        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: Clock);

        var run = Db.Query<(string Strategy, string Type, string Status, double NetPnl, double Trades, double Duration)>(db.Path,
            "SELECT strategy, run_type, status, net_pnl, trade_count, duration_s FROM v_runs").Single();
        Assert.That(run, Is.EqualTo(("Test strategy", "BACKTEST", "COMPLETED", 12.5, 1.0, 200.0)));
        Assert.That(Db.Query<(string, string)>(db.Path, "SELECT exit_reason, exit_order_ids FROM v_trades").Single(),
            Is.EqualTo(("TP", "[\"TP\"]")));
        Assert.That(Db.Query<(string, long, double)>(db.Path,
                "SELECT order_id, fill_count, fill_ratio FROM v_orders WHERE fill_count > 0 ORDER BY order_id"),
            Is.EqualTo(new[] { ("E", 2L, 1.0), ("TP", 1L, 1.0) }));
        Assert.That(Db.Query<(string, string, string)>(db.Path, "SELECT legs, winning_role, winning_order_id FROM v_oco_groups").Single(),
            Is.EqualTo(("ENTRY:E:FILLED | SL:SL:CANCELED | TP:TP:FILLED", "TP", "TP")));
        Assert.That(Db.Query<(long, double, double)>(db.Path, "SELECT runs, trades, total_net_pnl FROM v_instance_comparison").Single(),
            Is.EqualTo((1L, 1.0, 12.5)));
    }

    [Test]
    public void Initial_stops_at_whole_and_fractional_prices_are_both_read()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, s.Start().Concat<RecorderEvent>(
        [
            s.Order("SL1", Side.Sell, 1, at: 1, type: "STOP", stop: 4995),
            s.Order("SL2", Side.Sell, 1, at: 2, type: "STOP", stop: 4995.25),
            s.End(),
        ]));
        Assert.DoesNotThrow(() => RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: Clock));
    }

    [Test]
    public void Runs_with_no_fills_are_analysed_without_error_and_have_no_trades()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        Recorded.Write(db.Path, s.Start().Append(s.End()));
        var result = RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: Clock);
        Assert.That(result.Analysis.Trades, Is.Empty);
        Assert.That(Db.Scalar<double>(db.Path, "SELECT value FROM run_metrics_kv WHERE key = 'trade_count'"), Is.EqualTo(0));
    }
}
