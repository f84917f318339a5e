using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using NUnit.Framework;
using QuantowerRecorder.Demo;
using QuantowerRecorder.Tests.Support;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>The demo database is what the plugin records when the sample strategy runs on the stand-in platform.</summary>
[TestFixture]
public sealed partial class DemoThroughPluginTests
{
    private InProcessDemo demo = null!;
    private TempDatabase db = null!;

    // Recorded in this process, not copied from the program's recording: these tests are about what the demo does to
    // the stand-in platform too, and the last one compares this recording with the program's. The run records the demo
    // in this process once per terminal width (SharedDemo.InThisProcess): this is the one OutputWidthTests reads at 40
    // columns, whichever of the two asks first.
    [OneTimeSetUp]
    public void MakeDemo()
    {
        demo = SharedDemo.InThisProcess(40, terminal: true);
        Assert.That(demo.Run.ExitCode, Is.EqualTo(0), demo.Run.ToString());
        db = demo.Copy();
    }

    [OneTimeTearDown]
    public void Remove() => db.Dispose();

    [Test]
    public void Every_run_carries_the_fingerprint_of_the_sample_strategys_code_and_platform()
    {
        var code = typeof(DemoCrossoverStrategy).Assembly;
        string sha256;
        using (var file = File.OpenRead(code.Location))
        {
            sha256 = Convert.ToHexString(SHA256.HashData(file)).ToLowerInvariant();
        }

        var fingerprints = Db.Query<string>(db.Path, "SELECT fingerprint_json FROM strategy_runs");
        Assert.That(fingerprints, Has.Count.EqualTo(32));
        foreach (var json in fingerprints)
        {
            using var fingerprint = JsonDocument.Parse(json);
            var root = fingerprint.RootElement;
            Assert.That(root.GetProperty("assembly").GetString(), Is.EqualTo(code.GetName().Name));
            Assert.That(root.GetProperty("sha256").GetString(), Is.EqualTo(sha256));
            Assert.That(root.GetProperty("quantower_version").GetString(), Is.EqualTo(typeof(Core).Assembly.GetName().Version!.ToString()));
            Assert.That(root.GetProperty("account").GetString(), Is.EqualTo("DEMO-SIM"));
        }

        Assert.That(Db.Query<(string, string?)>(db.Path, "SELECT name, source_ref FROM strategies"),
            Is.EqualTo(new[] { (DemoRecording.StrategyName, code.GetName().Name) }));
    }

    [Test]
    public void The_run_type_comes_from_the_connection_backtester_or_trading_simulator()
    {
        Assert.That(Db.Query<(string, string)>(db.Path, "SELECT DISTINCT run_type, data_source FROM strategy_runs ORDER BY 1, 2"), Is.EqualTo(new[]
        {
            ("BACKTEST", "Backtester (synthetic data, seed 20260105)"),
            ("BACKTEST", "Backtester (synthetic data, seed 20260401)"),
            ("PAPER", "Trading Simulator (synthetic feed, seed 20260401)"),
        }));
    }

    [Test]
    public void Each_parameter_set_is_the_sample_strategys_input_parameters_and_backtest_and_paper_share_it()
    {
        Assert.That(Db.Query<(string, string, long)>(db.Path,
            "SELECT i.instance_name, i.parameters_json, COUNT(r.run_id) FROM strategy_instances i JOIN strategy_runs r USING (instance_id) " +
            "WHERE i.instance_name NOT LIKE 'Sweep %' GROUP BY i.instance_id ORDER BY 1"),
            Is.EqualTo(new[]
            {
                ("Fast 5/20", """{"Fast period":5,"Period":"1H","Quantity":2,"Slow period":20,"Stop loss, %":0.8,"Symbol":"BTCUSDT","Take profit, %":1.6}""", 2L),
                ("Medium 10/30", """{"Fast period":10,"Period":"1H","Quantity":2,"Slow period":30,"Stop loss, %":1,"Symbol":"BTCUSDT","Take profit, %":2}""", 3L),
                ("Slow 20/60", """{"Fast period":20,"Period":"1H","Quantity":2,"Slow period":60,"Stop loss, %":1.5,"Symbol":"ESM6","Take profit, %":3}""", 2L),
            }));
        Assert.That(Db.Query<(string, string, string)>(db.Path, "SELECT DISTINCT symbol, timeframe, venue FROM strategy_instances ORDER BY 1"),
            Is.EqualTo(new[] { ("BTCUSDT", "1H", "Demo exchange"), ("ESM6", "1H", "CME") }));
    }

    [Test]
    public void Every_entry_forms_a_bracket_with_its_stop_loss_and_take_profit_from_the_platforms_orders()
    {
        var groups = Db.Query<string>(db.Path,
            "SELECT group_concat(oco_role, ',') FROM (SELECT oco_group_id, oco_role FROM order_oco_links ORDER BY oco_group_id, oco_role) GROUP BY oco_group_id");
        var entries = Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM orders WHERE client_tag LIKE 'cross-%' OR client_tag LIKE 'reversal-%'");
        Assert.That(groups, Has.Count.EqualTo(entries));
        Assert.That(groups, Has.All.EqualTo("ENTRY,SL,TP"));
        // The legs are the broker's STOP and LIMIT orders, tied to their entry.
        Assert.That(Db.Query<(string, string, long)>(db.Path, """
            SELECT l.oco_role, o.order_type, SUM(o.parent_order_id = e.order_id)
            FROM order_oco_links l JOIN orders o ON o.run_id = l.run_id AND o.order_id = l.order_id
            JOIN order_oco_links el ON el.oco_group_id = l.oco_group_id AND el.oco_role = 'ENTRY'
            JOIN orders e ON e.run_id = el.run_id AND e.order_id = el.order_id
            WHERE l.oco_role IN ('SL', 'TP') GROUP BY 1, 2 ORDER BY 1
            """), Is.EqualTo(new[] { ("SL", "STOP", entries), ("TP", "LIMIT", entries) }));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM orders WHERE order_type = 'STOP' AND client_tag = 'stop-loss'"), Is.EqualTo(entries));
    }

    [Test]
    public void Fills_carry_the_brokers_fee_and_partial_fills_leave_their_trace_in_the_order_history()
    {
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM executions WHERE fee IS NULL OR fee <= 0"), Is.Zero);
        Assert.That(Db.Scalar<long>(db.Path, """
            SELECT COUNT(*) FROM orders WHERE order_type = 'MARKET' AND client_tag <> 'end-of-test exit'
              AND (SELECT COUNT(*) FROM executions x WHERE x.run_id = orders.run_id AND x.order_id = orders.order_id) <> 2
            """), Is.Zero, "every entry is filled in two parts");
    }

    [Test]
    public void Every_bar_has_its_volume_analysis_with_a_point_of_control_inside_the_bar()
    {
        var bars = Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars");
        // The seven single runs, and the 25 passes of the optimisation over the backtest period (86 days) each.
        Assert.That(bars, Is.EqualTo((3 * ((24 * 86) + (24 * 30))) + (24 * 30) + (25 * 24 * 86)));
        Assert.That(Db.Scalar<long>(db.Path, """
            SELECT COUNT(*) FROM bars WHERE json_extract(volumetric_json, '$.poc') BETWEEN low AND high
              AND abs(json_extract(volumetric_json, '$.delta') - (json_extract(volumetric_json, '$.buy_volume') - json_extract(volumetric_json, '$.sell_volume'))) < 1e-9
              AND json_extract(volumetric_json, '$.trades') > 0
            """), Is.EqualTo(bars));
        // Both markets open at the same hour and their series are numbered in the order their runs first write, so the
        // first plan's bar is found by its symbol, not by the series' number.
        var plan = DemoPlans.All()[0];
        var bar = plan.Bars[0];
        using var first = JsonDocument.Parse(Db.Scalar<string>(db.Path,
            $"SELECT volumetric_json FROM v_run_bars WHERE symbol = '{plan.Instrument.Symbol}' ORDER BY ts_utc LIMIT 1"));
        Assert.That(first.RootElement.GetProperty("poc").GetDouble(), Is.EqualTo(bar.PointOfControl));
        Assert.That(first.RootElement.GetProperty("buy_volume").GetDouble(), Is.EqualTo(bar.BuyVolume));
    }

    [Test]
    [NonParallelizable] // reads the stand-in platform's one Core.Instance, which its other users drive alone
    public void The_demo_leaves_the_stand_in_platform_empty()
    {
        // As the demo returned, and now.
        Assert.That(demo.After.Connections, Is.Empty);
        Assert.That(demo.After.Strategies, Is.Empty);
        Assert.That(demo.After.PlatformUtcNow, Is.EqualTo(demo.After.WallClockUtcNow).Within(TimeSpan.FromMinutes(1)), "the wall clock again");
        Assert.That(Core.Instance.Connections.All, Is.Empty);
        Assert.That(Core.Instance.Strategies.Created, Is.Empty);
        Assert.That(Core.Instance.TimeUtils.DateTimeUtcNow, Is.EqualTo(DateTime.UtcNow).Within(TimeSpan.FromMinutes(1)), "the wall clock again");
    }

    // Everything comes from the simulation and the demo's clock: this fixture's recording and the run's shared one (made
    // by another process) agree. Only the run ids are new each time, the CLI's analysis is
    // stamped with the wall clock, and the raw event log keeps a timing-dependent subset of the bar snapshots (the writer
    // coalesces those still queued when a newer state of the same bar arrives) and one BARS_STORED row per series and
    // batch, so those are compared through what they produce: the bars view, and the bar tables behind it.
    [Test]
    public void The_same_demo_twice_gives_the_same_rows_but_for_run_ids_and_analysis_times()
    {
        using var again = DemoFiles.Create();
        Assert.That(Db.Query<string>(again.Path, "SELECT run_id FROM strategy_runs").Intersect(Db.Query<string>(db.Path, "SELECT run_id FROM strategy_runs")),
            Is.Empty, "two recordings, not one file twice");
        foreach (var table in Db.Query<string>(db.Path,
                     "SELECT name FROM sqlite_master WHERE (type = 'table' OR name = 'bars') AND name NOT IN ('sqlite_sequence', 'schema_meta') ORDER BY name"))
        {
            Assert.That(Rows(again.Path, table), Is.EqualTo(Rows(db.Path, table)), table);
        }
    }

    // A table's rows with every run id (and the ids derived from it) replaced by the run's instance and type, without
    // the autoincrement id, a journal entry's id (a hash of its subject, the run's id) and the analysis time (the CLI
    // analyses on the wall clock), sorted.
    private static List<string> Rows(string path, string table)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (run, key) in Db.Query<(string, string)>(path,
                     "SELECT r.run_id, i.instance_name || ' ' || r.run_type FROM strategy_runs r JOIN strategy_instances i USING (instance_id)"))
        {
            names[run] = "<" + key + ">";
        }

        foreach (var (series, run) in Db.Query<(string, string)>(path, "SELECT series_id, run_id FROM run_series"))
        {
            names[series] = names[run] + "<series>";
        }

        foreach (var (group, run, label) in Db.Query<(string, string, string)>(path, "SELECT oco_group_id, run_id, label FROM order_oco_groups"))
        {
            names[group] = names[run] + "<" + label + ">";
        }

        var ids = new IdNames(names);
        var rows = Db.Dump(path, table, "1")
            .Where(row => !(table == "ingest_events" && (row.Contains("|event_type=BAR|", StringComparison.Ordinal) || row.Contains("|event_type=BARS_STORED|", StringComparison.Ordinal))))
            .Select(row => string.Join("|", row.Split('|')
                .Where(field => !field.StartsWith("id=", StringComparison.Ordinal) && !field.StartsWith("analyzed_utc=", StringComparison.Ordinal)
                    && !field.StartsWith("entry_id=", StringComparison.Ordinal))
                .Select(field => AnalyzedAt().Replace(field, "\"analyzed_utc\":\"…\""))
                .Select(ids.Replace)));
        return [.. rows.Order(StringComparer.Ordinal)];
    }

    [GeneratedRegex("\"analyzed_utc\":\"[^\"]*\"")]
    private static partial Regex AnalyzedAt();
}
