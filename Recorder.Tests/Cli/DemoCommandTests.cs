using NUnit.Framework;
using QuantowerRecorder.Demo;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// `recorder demo`: what it records and prints (the run's shared recording), and what it does to an existing file (run
/// as the real program, in a child process: the demo drives the stand-in platform, whose Core is one per process).
/// </summary>
[TestFixture]
public sealed class DemoCommandTests
{
    private TempDatabase db = null!;
    private CliRun demo = null!;

    [OneTimeSetUp]
    public void MakeDemo()
    {
        db = DemoFiles.Create();
        demo = DemoFiles.Recording;
    }

    [OneTimeTearDown]
    public void Remove() => db.Dispose();

    [Test]
    public void Demo_records_three_parameter_sets_each_as_a_backtest_and_a_paper_run_and_one_more_backtest()
    {
        Assert.That(demo.ExitCode, Is.EqualTo(0), demo.ToString());
        var runs = Db.Query<(string Instance, string Type, string Status)>(db.Path,
            "SELECT i.instance_name, r.run_type, r.status FROM strategy_runs r JOIN strategy_instances i USING (instance_id) " +
            "WHERE json_extract(r.fingerprint_json, '$.study') IS NULL ORDER BY 1, 2");
        Assert.That(runs, Is.EqualTo(new[]
        {
            ("Fast 5/20", "BACKTEST", "COMPLETED"), ("Fast 5/20", "PAPER", "COMPLETED"),
            ("Medium 10/30", "BACKTEST", "COMPLETED"), ("Medium 10/30", "BACKTEST", "COMPLETED"), ("Medium 10/30", "PAPER", "COMPLETED"),
            ("Slow 20/60", "BACKTEST", "COMPLETED"), ("Slow 20/60", "PAPER", "COMPLETED"),
        }));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(DISTINCT strategy_id) FROM strategies"), Is.EqualTo(1));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_quarantine"), Is.EqualTo(0));
    }

    [Test]
    public void Demo_optimises_the_strategy_over_a_5_by_5_grid_recorded_as_25_backtests_of_one_named_study()
    {
        var passes = Db.Query<(string Instance, string Type, string Status, string Objective)>(db.Path,
            "SELECT i.instance_name, r.run_type, r.status, json_extract(r.fingerprint_json, '$.study_objective') FROM strategy_runs r " +
            "JOIN strategy_instances i USING (instance_id) WHERE json_extract(r.fingerprint_json, '$.study') = 'demo-sweep' ORDER BY 1");
        var expected = new[] { 3, 5, 8, 12, 16 }.SelectMany(f => new[] { 20, 25, 30, 40, 50 }.Select(s => ($"Sweep {f}/{s}", "BACKTEST", "COMPLETED", "sharpe")))
            .OrderBy(p => p.Item1, StringComparer.Ordinal).ToList();
        Assert.That(passes.OrderBy(p => p.Instance, StringComparer.Ordinal), Is.EqualTo(expected));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(DISTINCT i.config_hash) FROM strategy_runs r JOIN strategy_instances i USING (instance_id) " +
            "WHERE json_extract(r.fingerprint_json, '$.study') = 'demo-sweep'"), Is.EqualTo(25));
        Assert.That(demo.Out, Does.Contain("recorder study demo-sweep"));
    }

    [Test]
    public void Demo_runs_have_brackets_partial_fills_cancellations_reversals_and_volumetric_bars()
    {
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM order_oco_links WHERE oco_role IN ('SL', 'TP')"), Is.GreaterThan(0));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM orders WHERE parent_order_id IS NOT NULL"), Is.GreaterThan(0));
        Assert.That(Db.Scalar<long>(db.Path,
            "SELECT COUNT(*) FROM ingest_events WHERE event_type = 'ORDER' AND payload_json LIKE '%PARTIALLY_FILLED%'"), Is.GreaterThan(0));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM orders WHERE status = 'CANCELED'"), Is.GreaterThan(0));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM orders WHERE position_impact = 'REVERSE' AND client_tag LIKE 'reversal-%'"), Is.GreaterThan(0));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM executions WHERE position_impact = 'REVERSE'"), Is.GreaterThan(0));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_series WHERE has_volumetric = 1"), Is.EqualTo(32));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars WHERE volumetric_json LIKE '%\"delta\"%'"),
            Is.EqualTo(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars")));
    }

    [Test]
    public void Demo_computes_trades_equity_and_metrics_for_every_run()
    {
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(DISTINCT run_id) FROM run_trades"), Is.EqualTo(32));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(DISTINCT run_id) FROM run_equity"), Is.EqualTo(32));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(DISTINCT run_id) FROM run_metrics_kv WHERE key = 'net_pnl'"), Is.EqualTo(32));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs WHERE metrics_json IS NULL"), Is.EqualTo(0));
    }

    [Test]
    public void Demo_prints_what_it_recorded_and_the_next_commands_to_try()
    {
        Assert.That(demo.Out, Does.Contain("Recorded 32 runs"));
        Assert.That(demo.Out, Does.Contain("Fast 5/20").And.Contain("Slow 20/60").And.Contain("BACKTEST").And.Contain("PAPER"));
        Assert.That(demo.Out, Does.Contain("Next, try:"));
        foreach (var command in new[] { "recorder runs", "recorder show ", "recorder trades ", "recorder compare ", "recorder report ", "recorder export ", "recorder verify" })
        {
            Assert.That(demo.Out, Does.Contain(command));
        }
    }

    [Test]
    public void Where_recorder_is_not_on_PATH_the_demo_says_how_to_install_it_before_its_hints()
    {
        // The fixture's demo ran with no PATH to search, as `dotnet run --project Recorder.Cli -- demo` on a fresh clone.
        var lines = demo.Out.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var pack = lines.FindIndex(l => l.StartsWith("  dotnet pack ", StringComparison.Ordinal));
        var install = lines.FindIndex(l => l.StartsWith("  dotnet tool install --global QuantowerRecorder.Cli --add-source ", StringComparison.Ordinal));
        Assert.That(pack, Is.GreaterThan(0), demo.Out);
        Assert.That(install, Is.EqualTo(pack + 1), demo.Out);
        Assert.That(lines.IndexOf("Next, try:"), Is.GreaterThan(install), "the install lines come before the hints");
        Assert.That(lines[pack - 1], Does.Contain("not on PATH"));
    }

    [Test]
    public void Demo_market_data_is_the_same_every_time()
    {
        var first = DemoPlans.All();
        var second = DemoPlans.All();
        Assert.That(first.Select(p => p.Bars.Count), Is.EqualTo(second.Select(p => p.Bars.Count)));
        Assert.That(first.SelectMany(p => p.Bars), Is.EqualTo(second.SelectMany(p => p.Bars)));
        // The fixture's demo recorded earlier: the file holds exactly the plans' bars, so neither the recording nor a
        // state left by earlier calls changed them.
        var recorded = Db.Query<double>(db.Path, """
            SELECT b.close FROM bars b JOIN run_series s ON s.series_id = b.series_id
            JOIN strategy_runs r ON r.run_id = s.run_id JOIN strategy_instances i USING (instance_id)
            WHERE i.instance_name = @name AND r.data_source = @source ORDER BY b.ts_utc
            """, new { name = first[0].InstanceName, source = first[0].DataSource });
        Assert.That(recorded, Is.EqualTo(first[0].Bars.Select(b => b.Close)));
    }

    [Test]
    public void The_strategys_parameters_decide_its_trades()
    {
        // Fast 5/20 and Medium 10/30 trade the same bitcoin bars in their January–March backtests.
        var entries = Db.Query<(string Instance, long Entries, string? First)>(db.Path, """
            SELECT i.instance_name, COUNT(o.order_id), MIN(o.submit_utc)
            FROM strategy_runs r JOIN strategy_instances i USING (instance_id)
            JOIN orders o ON o.run_id = r.run_id AND (o.client_tag LIKE 'cross-%' OR o.client_tag LIKE 'reversal-%')
            WHERE r.run_type = 'BACKTEST' AND r.data_source LIKE '%20260105%' AND i.symbol = 'BTCUSDT'
              AND json_extract(r.fingerprint_json, '$.study') IS NULL
            GROUP BY 1 ORDER BY 1
            """);
        Assert.That(entries.Select(e => e.Instance), Is.EqualTo(new[] { "Fast 5/20", "Medium 10/30" }));
        Assert.That(entries.Select(e => e.Entries), Has.All.GreaterThan(0));
        Assert.That(entries[0].Entries, Is.GreaterThan(entries[1].Entries), "the faster averages cross more often");
        Assert.That(entries[0].First, Is.Not.EqualTo(entries[1].First));
    }

    [Test]
    public void One_parameter_set_has_a_backtest_over_the_bars_of_its_paper_run()
    {
        var runs = Db.Query<(string Type, string First, string Last, long Bars)>(db.Path, """
            SELECT r.run_type, MIN(b.ts_utc), MAX(b.ts_utc), COUNT(*)
            FROM strategy_runs r JOIN strategy_instances i USING (instance_id) JOIN run_series s ON s.run_id = r.run_id JOIN bars b ON b.series_id = s.series_id
            WHERE i.instance_name = 'Medium 10/30' AND r.data_source LIKE '%20260401%'
            GROUP BY r.run_id ORDER BY 1
            """);
        Assert.That(runs.Select(r => r.Type), Is.EqualTo(new[] { "BACKTEST", "PAPER" }));
        Assert.That(runs[0].First, Is.EqualTo(runs[1].First));
        Assert.That(runs[0].Last, Is.EqualTo(runs[1].Last));
        Assert.That(runs[0].Bars, Is.EqualTo(runs[1].Bars).And.EqualTo(24 * 30));
    }

    [Test]
    public void Demo_replaces_a_demo_made_when_the_sample_strategy_lived_in_the_recorder_assembly()
    {
        using var old = DemoFiles.Create();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={old.Path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE strategies SET source_ref = 'recorder'";
            Assert.That(command.ExecuteNonQuery(), Is.EqualTo(1));
        }

        var again = ProcessTests.Recorder(old.Folder, "demo", "--db", old.Path);
        Assert.That(again.ExitCode, Is.EqualTo(0), again.ToString());
        Assert.That(Db.Query<string>(old.Path, "SELECT source_ref FROM strategies"), Is.EqualTo(new[] { "Recorder.Demo" }));
    }

    [Test]
    public void Demo_replaces_an_earlier_demo_but_refuses_a_file_with_other_runs()
    {
        using var other = DemoFiles.Create();
        var before = Db.Query<string>(other.Path, "SELECT run_id FROM strategy_runs");
        var again = ProcessTests.Recorder(other.Folder, "demo", "--db", other.Path);
        Assert.That(again.ExitCode, Is.EqualTo(0), again.ToString());
        Assert.That(Db.Scalar<long>(other.Path, "SELECT COUNT(*) FROM strategy_runs"), Is.EqualTo(32));
        Assert.That(Db.Query<string>(other.Path, "SELECT run_id FROM strategy_runs").Intersect(before), Is.Empty, "a new demo, not the earlier one kept");

        using (var session = QuantowerRecorder.Storage.Writing.RecorderSession.Open(other.Path))
        {
            foreach (var e in new Scenario().Start())
            {
                session.Record(e);
            }
        }

        var refused = ProcessTests.Recorder(other.Folder, "demo", "--db", other.Path);
        Assert.That(refused.ExitCode, Is.EqualTo(2));
        Assert.That(refused.Error, Does.Contain("--force"));
        Assert.That(Db.Scalar<long>(other.Path, "SELECT COUNT(*) FROM strategy_runs"), Is.EqualTo(33));
    }
}
