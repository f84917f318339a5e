using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Analytics.Insight;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Support;
using CliRunner = QuantowerRecorder.Tests.Cli.Cli;

namespace QuantowerRecorder.Tests.Storage.Insight;

/// <summary>
/// The demo shows the stored insight (its strategy marks decisions, its bars carry volume analysis, its entries
/// brackets), `recorder insight` prints it, and `recorder import` accepts the DECISION event.
/// </summary>
[TestFixture]
public sealed class InsightCommandTests
{
    // NULL where the figure is known: a reason for an unknown part.
    private static readonly string[] ReasonColumns = ["run_order_shortfall.execution_unknown", "run_order_shortfall.opportunity_unknown"];

    private TempDatabase demo = null!;

    [OneTimeSetUp]
    public void MakeDemo() => demo = QuantowerRecorder.Tests.Cli.DemoFiles.Create();

    [OneTimeTearDown]
    public void Remove() => demo.Dispose();

    [Test]
    public void The_demo_database_has_a_value_in_every_new_column_that_its_data_allows()
    {
        foreach (var table in new[] { "order_decisions", "run_order_shortfall", "run_trade_context" })
        {
            foreach (var column in Db.Query<string>(demo.Path, $"SELECT name FROM pragma_table_info('{table}')"))
            {
                var filled = Db.Scalar<long>(demo.Path, $"SELECT COUNT({column}) FROM {table}");
                if (ReasonColumns.Contains($"{table}.{column}"))
                {
                    Assert.That(filled, Is.EqualTo(0), $"{table}.{column}: every part is known in the demo");
                }
                else
                {
                    Assert.That(filled, Is.GreaterThan(0), $"{table}.{column}");
                }
            }
        }

        Assert.That(Db.Scalar<long>(demo.Path, "SELECT COUNT(*) FROM order_decisions WHERE order_id IS NULL"), Is.EqualTo(0),
            "every decision of the demo's strategy is followed by its order");
        Assert.That(Db.Scalar<long>(demo.Path, "SELECT COUNT(*) FROM run_order_shortfall WHERE execution IS NULL OR opportunity IS NULL"), Is.EqualTo(0));
        Assert.That(Db.Scalar<long>(demo.Path, "SELECT COUNT(DISTINCT bracket_outcome) FROM run_trade_context"), Is.GreaterThanOrEqualTo(3));
    }

    [Test]
    public void Insight_of_the_paper_run_prints_the_shortfall_brackets_order_flow_and_walk_forward()
    {
        var paper = PaperRun();
        var run = CliRunner.Run(demo.Folder, "insight", paper[..8], "--db", demo.Path);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Out, Does.Contain("Implementation shortfall (USD; positive = a cost)")
            .And.Contain("Delay (decision → submission)").And.Contain("Bracket outcomes")
            .And.Contain("PnL by the sign of the entry bar's delta").And.Contain("Walk-forward of the instance"));
    }

    [Test]
    public void Insight_json_carries_the_stored_figures()
    {
        // Slow 20/60: its backtest made money, so its walk-forward efficiency has a value (a ratio to a loss has none).
        var paper = PaperRun("Slow 20/60");
        var run = CliRunner.Run(demo.Folder, "insight", paper, "--json", "--db", demo.Path);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        var shortfall = root.GetProperty("shortfall");
        Assert.That(shortfall.GetProperty("total").GetDouble(),
            Is.EqualTo(Db.Scalar<double>(demo.Path, "SELECT value FROM run_metrics_kv WHERE run_id = @paper AND key = 'shortfall_total'", new { paper })));
        Assert.That(shortfall.GetProperty("orders_with_decision").GetInt32(),
            Is.EqualTo(Db.Scalar<long>(demo.Path, "SELECT COUNT(*) FROM order_decisions WHERE run_id = @paper", new { paper })));
        var orders = shortfall.GetProperty("by_order").EnumerateArray().ToList();
        Assert.That(orders.Where(o => o.GetProperty("decision_id").ValueKind == JsonValueKind.Null)
            .Select(o => o.GetProperty("delay_unknown").GetString()).Distinct(), Is.EqualTo(new[] { ImplementationShortfall.NoDecision }));
        Assert.That(root.GetProperty("brackets").GetArrayLength(), Is.GreaterThan(0));
        Assert.That(root.GetProperty("pnl_by_entry_delta").EnumerateArray().Sum(d => d.GetProperty("trades").GetInt32()),
            Is.EqualTo(Db.Scalar<long>(demo.Path, "SELECT COUNT(*) FROM run_trades WHERE run_id = @paper AND is_open = 0", new { paper })));
        var overall = root.GetProperty("walk_forward").GetProperty("overall");
        Assert.That(overall.GetProperty("out_of_sample_runs").EnumerateArray().Select(r => r.GetString()), Does.Contain(paper));
        Assert.That(overall.GetProperty("efficiency").ValueKind, Is.EqualTo(JsonValueKind.Number));
    }

    [Test]
    public void Insight_shows_buy_and_hold_of_the_runs_bars_as_its_benchmark()
    {
        var paper = PaperRun();
        var run = CliRunner.Run(demo.Folder, "insight", paper, "--json", "--db", demo.Path);
        var text = CliRunner.Run(demo.Folder, "insight", paper, "--db", demo.Path);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        var benchmark = json.RootElement.GetProperty("buy_and_hold").EnumerateArray().Single();
        // By hand from the stored bars: last close over first open, − 1, in percent (docs/metrics.md).
        var first = Db.Scalar<double>(demo.Path, "SELECT b.open FROM bars b JOIN run_series s ON s.series_id = b.series_id WHERE s.run_id = @paper ORDER BY b.ts_utc LIMIT 1", new { paper });
        var last = Db.Scalar<double>(demo.Path, "SELECT b.close FROM bars b JOIN run_series s ON s.series_id = b.series_id WHERE s.run_id = @paper ORDER BY b.ts_utc DESC LIMIT 1", new { paper });
        Assert.That(benchmark.GetProperty("symbol").GetString(), Is.EqualTo("BTCUSDT"));
        Assert.That(benchmark.GetProperty("return_pct").GetDouble(), Is.EqualTo(((last / first) - 1) * 100).Within(1e-9));
        Assert.That(benchmark.GetProperty("common_days").GetInt32(), Is.GreaterThan(20), "a month of paper trading");
        Assert.That(benchmark.GetProperty("correlation").GetDouble(), Is.InRange(-1.0, 1.0));
        Assert.That(benchmark.GetProperty("beta").ValueKind, Is.EqualTo(JsonValueKind.Number));
        Assert.That(text.Out, Does.Contain("Buy-and-hold of the recorded bars").And.Contain("BTCUSDT"));
    }

    [Test]
    public void A_backtest_only_instance_has_no_walk_forward_and_its_delay_is_unknown_without_marks()
    {
        using var db = new TempDatabase();
        var s = InsightStoreTests.RecordThreeOrders(db);
        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: TimeProvider.System);

        var run = CliRunner.Run(db.Folder, "insight", s.RunId, "--json", "--db", db.Path);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        Assert.That(json.RootElement.GetProperty("walk_forward").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(json.RootElement.GetProperty("shortfall").GetProperty("total").GetDouble(), Is.EqualTo(585));
        var text = CliRunner.Run(db.Folder, "insight", s.RunId, "--db", db.Path);
        Assert.That(text.Out, Does.Contain("Delay unknown for 1 order(s): no decision mark").And.Contain("Walk-forward: the instance has no backtest followed"));
    }

    [Test]
    public void Import_accepts_a_decision_event_written_by_hand_and_reports_one_without_a_price()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Backtest);
        var lines = s.Start().Select(EventLines.Line).ToList();
        lines.Add($$"""{"event_type":"DECISION","run_id":"{{s.RunId}}","event_utc":"2026-03-02T14:30:50Z","source":"Backtest","decision_id":"D1","symbol":"ES","side":"Buy","quantity":2,"price":4999.5,"signal":"breakout","order_id":"E"}""");
        lines.Add($$"""{"event_type":"DECISION","run_id":"{{s.RunId}}","event_utc":"2026-03-02T14:30:51Z","decision_id":"D2","symbol":"ES","side":"Sell","quantity":1}""");
        File.WriteAllLines(db.Sibling("events.jsonl"), lines);

        var run = CliRunner.Run(db.Folder, "import", "events.jsonl", "--db", db.Path);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Error, Does.Contain($"line {lines.Count}:").And.Contain("price"));
        var row = Db.Query<(string Id, string Time, string Signal, string Side, double Quantity, double Price, string Order)>(db.Path,
            "SELECT decision_id, decided_utc, signal, side, quantity, price, order_id FROM order_decisions").Single();
        Assert.That(row, Is.EqualTo(("D1", "2026-03-02T14:30:50.0000000Z", "breakout", "BUY", 2.0, 4999.5, "E")));
    }

    private string PaperRun(string instance = "Medium 10/30") => Db.Scalar<string>(demo.Path, """
        SELECT r.run_id FROM strategy_runs r JOIN strategy_instances i USING (instance_id)
        WHERE i.instance_name = @instance AND r.run_type = 'PAPER'
        """, new { instance });
}
