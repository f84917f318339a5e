using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>Money in currency through the CLI: the ES example imported from an events file, fallbacks, currencies.</summary>
[TestFixture]
public sealed class MoneyCommandTests
{
    private const string RunId = "01965a3c-0000-7000-8000-000000000001";

    // One ES trade as a script would write it (docs/events.md): buy 1 at 5000, sell 1 at 5010, 2.50 fee per side.
    private static string[] EsEvents(string symbol = "ES", string? instrument = """{"tick_size":0.25,"tick_value":12.5,"currency":"USD","symbol_type":"Futures","exchange":"CME"}""",
        string runId = RunId, string instance = "i-es")
    {
        string Line(string json) => json.Replace("$RUN", runId, StringComparison.Ordinal).Replace("$SYM", symbol, StringComparison.Ordinal)
            .Replace("$INST", instance, StringComparison.Ordinal);
        var lines = new List<string>
        {
            Line("""{"event_type":"STRATEGY_DEFINED","strategy_id":"s-es","name":"ES test","run_id":"$RUN","event_utc":"2026-03-02T14:30:00Z","source":"Backtest"}"""),
            Line("""{"event_type":"INSTANCE_DEFINED","instance_id":"$INST","strategy_id":"s-es","parameters_json":"{\"sym\":\"$SYM\"}","config_hash":"$INST","symbol":"$SYM","run_id":"$RUN","event_utc":"2026-03-02T14:30:00Z","source":"Backtest"}"""),
            Line("""{"event_type":"RUN_STARTED","instance_id":"$INST","initial_balance":100000,"base_currency":"USD","run_id":"$RUN","event_utc":"2026-03-02T14:30:00Z","source":"Backtest"}"""),
        };
        if (instrument is not null)
        {
            lines.Add(Line("""{"event_type":"INSTRUMENT_DEFINED","symbol":"$SYM","run_id":"$RUN","event_utc":"2026-03-02T14:30:00Z","source":"Backtest",""" + instrument[1..]));
        }

        lines.AddRange(
        [
            Line("""{"event_type":"ORDER","order_id":"E","symbol":"$SYM","side":"Buy","order_type":"MARKET","quantity":1,"status":"FILLED","run_id":"$RUN","event_utc":"2026-03-02T14:31:00Z","source":"Backtest"}"""),
            Line("""{"event_type":"EXECUTION","execution_id":"X1","order_id":"E","symbol":"$SYM","side":"Buy","price":5000,"quantity":1,"fee":2.5,"run_id":"$RUN","event_utc":"2026-03-02T14:31:00Z","source":"Backtest"}"""),
            Line("""{"event_type":"ORDER","order_id":"C","symbol":"$SYM","side":"Sell","order_type":"MARKET","quantity":1,"status":"FILLED","run_id":"$RUN","event_utc":"2026-03-02T14:40:00Z","source":"Backtest"}"""),
            Line("""{"event_type":"EXECUTION","execution_id":"X2","order_id":"C","symbol":"$SYM","side":"Sell","price":5010,"quantity":1,"fee":2.5,"run_id":"$RUN","event_utc":"2026-03-02T14:40:00Z","source":"Backtest"}"""),
            Line("""{"event_type":"RUN_ENDED","status":"Completed","run_id":"$RUN","event_utc":"2026-03-02T15:00:00Z","source":"Backtest"}"""),
        ]);
        return [.. lines];
    }

    private static TempDatabase Imported(params string[][] files)
    {
        var db = new TempDatabase();
        for (var i = 0; i < files.Length; i++)
        {
            File.WriteAllLines(db.Sibling($"events{i}.jsonl"), files[i]);
            var import = Cli.Run(db.Folder, "import", $"events{i}.jsonl", "--db", db.Path);
            Assert.That(import.ExitCode, Is.EqualTo(0), import.ToString());
        }

        var analyze = Cli.Run(db.Folder, "analyze", "--all", "--db", db.Path);
        Assert.That(analyze.ExitCode, Is.EqualTo(0), analyze.ToString());
        return db;
    }

    [Test]
    public void The_ES_example_imported_from_an_events_file_shows_495_net_in_trades_v_trades_and_run_metrics_kv()
    {
        using var db = Imported(EsEvents());

        var trades = Cli.Run(db.Folder, "trades", RunId, "--db", db.Path);
        Assert.That(trades.ExitCode, Is.EqualTo(0), trades.ToString());
        Assert.That(trades.Out, Does.Contain("net PnL 495.00"));
        Assert.That(trades.Error, Does.Not.Contain("Warning"));
        Assert.That(Db.Scalar<double>(db.Path, "SELECT net_pnl FROM v_trades"), Is.EqualTo(495.0));
        Assert.That(Db.Scalar<double>(db.Path, "SELECT value FROM run_metrics_kv WHERE key = 'net_pnl'"), Is.EqualTo(495.0));
        Assert.That(Db.Scalar<double>(db.Path, "SELECT point_value FROM run_instruments"), Is.EqualTo(50.0), "tick value / tick size");
    }

    [Test]
    public void Without_an_instrument_show_trades_and_report_warn_that_money_used_point_value_1()
    {
        using var db = Imported(EsEvents(instrument: null));

        var trades = Cli.Run(db.Folder, "trades", RunId, "--db", db.Path);
        Assert.That(trades.Out, Does.Contain("net PnL 5.00"));
        Assert.That(trades.Error, Does.Contain("Warning: ES: no point value recorded"));
        var show = Cli.Run(db.Folder, "show", RunId, "--db", db.Path);
        Assert.That(show.Error, Does.Contain("Warning: ES: no point value recorded"));
        var report = Cli.Run(db.Folder, "report", RunId, "--db", db.Path, "-o", "r.html");
        Assert.That(report.ExitCode, Is.EqualTo(0), report.ToString());
        // The saved tearsheet carries the run's warning, which the page shows above its charts.
        var warnings = SavedReport.Tearsheet(SavedReport.Snapshot(File.ReadAllText(db.Sibling("r.html"))))["runs"]![0]!["warnings"]!.AsArray().Select(w => (string)w!);
        Assert.That(warnings, Has.Some.Contains("ES: no point value recorded"));
    }

    [Test]
    public void Runs_in_different_currencies_are_compared_without_ranking_money_and_the_comparison_says_so()
    {
        const string euroRun = "01965a3c-0000-7000-8000-000000000002";
        using var db = Imported(EsEvents(),
            EsEvents(symbol: "FDAX", runId: euroRun, instance: "i-dax",
                instrument: """{"tick_size":1,"tick_value":25,"currency":"EUR","symbol_type":"Futures","exchange":"EUREX"}"""));

        var compare = Cli.Run(db.Folder, "compare", RunId, euroRun, "--db", db.Path);
        Assert.That(compare.ExitCode, Is.EqualTo(0), compare.ToString());
        Assert.That(compare.Error, Does.Contain("different currencies (EUR, USD)"));
        Assert.That(Db.Query<(string, double)>(db.Path, "SELECT currency, net_pnl FROM v_runs ORDER BY currency"),
            Is.EqualTo(new[] { ("EUR", 245.0), ("USD", 495.0) }));
    }

    [Test]
    public void A_run_mixing_currencies_shows_no_run_wide_money_and_show_and_trades_say_why()
    {
        var lines = EsEvents().ToList();
        string Dax(string json) => json.Replace("$RUN", RunId, StringComparison.Ordinal);
        lines.InsertRange(lines.Count - 1,
        [
            Dax("""{"event_type":"INSTRUMENT_DEFINED","symbol":"FDAX","tick_size":1,"tick_value":25,"currency":"EUR","run_id":"$RUN","event_utc":"2026-03-02T14:30:00Z","source":"Backtest"}"""),
            Dax("""{"event_type":"EXECUTION","execution_id":"D1","order_id":"D","symbol":"FDAX","side":"Buy","price":18000,"quantity":1,"run_id":"$RUN","event_utc":"2026-03-02T14:41:00Z","source":"Backtest"}"""),
            Dax("""{"event_type":"EXECUTION","execution_id":"D2","order_id":"D2","symbol":"FDAX","side":"Sell","price":18002,"quantity":1,"run_id":"$RUN","event_utc":"2026-03-02T14:42:00Z","source":"Backtest"}"""),
        ]);
        using var db = Imported([.. lines]);

        Assert.That(Db.Scalar<double?>(db.Path, "SELECT value FROM run_metrics_kv WHERE key = 'net_pnl'"), Is.Null);
        Assert.That(Db.Query<(string, double)>(db.Path, "SELECT key, value FROM run_metrics_kv WHERE key LIKE 'net_pnl_%' ORDER BY key"),
            Is.EqualTo(new[] { ("net_pnl_eur", 50.0), ("net_pnl_usd", 495.0) }));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT currency FROM v_runs"), Is.EqualTo("MIXED"));
        var show = Cli.Run(db.Folder, "show", RunId, "--db", db.Path);
        Assert.That(show.Error, Does.Contain("Warning: the run trades in EUR, USD"));
        var trades = Cli.Run(db.Folder, "trades", RunId, "--db", db.Path);
        Assert.That(trades.Error, Does.Contain("Warning: the run trades in EUR, USD"));
        Assert.That(trades.Out, Does.Contain("net PnL not added (several currencies)"));
    }

    [Test]
    public void The_demo_has_slippage_in_ticks_for_its_filled_market_and_stop_orders_and_money_in_its_futures_point_value()
    {
        using var db = DemoFiles.Create();

        // docs/file.md: "Worst slippage, in ticks".
        foreach (var runId in Db.Query<string>(db.Path, "SELECT run_id FROM strategy_runs"))
        {
            var rows = Db.Query<string>(db.Path, """
                SELECT order_id FROM v_orders WHERE run_id = @runId AND slippage_ticks IS NOT NULL ORDER BY slippage_ticks DESC LIMIT 20
                """, new { runId });
            Assert.That(rows, Is.Not.Empty, runId);
        }

        Assert.That(Db.Scalar<long>(db.Path,
            "SELECT COUNT(*) FROM v_orders WHERE order_type IN ('MARKET', 'STOP') AND fill_count > 0 AND slippage_ticks IS NULL"), Is.Zero);
        Assert.That(Db.Query<(string, double, double, double)>(db.Path,
                "SELECT DISTINCT symbol, tick_size, tick_value, point_value FROM run_instruments ORDER BY symbol"),
            Is.EqualTo(new[] { ("BTCUSDT", 0.5, 0.5, 1.0), ("ESM6", 0.25, 12.5, 50.0) }));
        // A futures trade's gross PnL is its price difference × quantity × 50.
        var (side, quantity, entry, exit, gross) = Db.Query<(string, double, double, double, double)>(db.Path,
            "SELECT side, quantity, entry_price, exit_price, gross_pnl FROM v_trades WHERE symbol = 'ESM6' AND is_open = 0 ORDER BY run_id, trade_no LIMIT 1").Single();
        Assert.That(gross, Is.EqualTo((exit - entry) * (side == "LONG" ? 1 : -1) * quantity * 50).Within(1e-6));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_trades WHERE exit_reason = 'REVERSAL'"), Is.GreaterThan(0));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs WHERE metrics_json LIKE '%point_value:%'"), Is.Zero, "no demo run guesses");
        // Latency is measured on orders that could fill at once: the backtester fills the demo's market orders within a
        // second, its paper account two seconds later than that (docs/cli.md, reconcile).
        const string Latency = """
            SELECT MAX(k.value) FROM run_metrics_kv k JOIN strategy_runs r USING (run_id)
            WHERE k.key = 'latency_first_fill_p95_ms' AND r.run_type = @type
            """;
        Assert.That(Db.Scalar<double>(db.Path, Latency, new { type = "BACKTEST" }), Is.LessThan(1000));
        Assert.That(Db.Scalar<double>(db.Path, Latency, new { type = "PAPER" }), Is.InRange(2000, 3000));
    }
}
