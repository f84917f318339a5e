using NUnit.Framework;
using QuantowerRecorder.Cli.Demo;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

[TestFixture]
public sealed class DemoCommandTests
{
    private TempDatabase db = null!;
    private CliRun demo = null!;

    [OneTimeSetUp]
    public void MakeDemo()
    {
        db = new TempDatabase("demo.db");
        demo = Cli.Run(db.Folder, "demo", "--db", db.Path);
    }

    [OneTimeTearDown]
    public void Remove() => db.Dispose();

    [Test]
    public void Demo_records_three_parameter_sets_each_as_a_backtest_and_a_paper_run()
    {
        Assert.That(demo.ExitCode, Is.EqualTo(0), demo.ToString());
        var runs = Db.Query<(string Instance, string Type, string Status)>(db.Path,
            "SELECT i.instance_name, r.run_type, r.status FROM strategy_runs r JOIN strategy_instances i USING (instance_id) ORDER BY 1, 2");
        Assert.That(runs, Is.EqualTo(new[]
        {
            ("Fast 5/20", "BACKTEST", "COMPLETED"), ("Fast 5/20", "PAPER", "COMPLETED"),
            ("Medium 10/30", "BACKTEST", "COMPLETED"), ("Medium 10/30", "PAPER", "COMPLETED"),
            ("Slow 20/60", "BACKTEST", "COMPLETED"), ("Slow 20/60", "PAPER", "COMPLETED"),
        }));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(DISTINCT strategy_id) FROM strategies"), Is.EqualTo(1));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_quarantine"), Is.EqualTo(0));
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
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_series WHERE has_volumetric = 1"), Is.EqualTo(6));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars WHERE volumetric_json LIKE '%\"delta\"%'"),
            Is.EqualTo(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars")));
    }

    [Test]
    public void Demo_computes_trades_equity_and_metrics_for_every_run()
    {
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(DISTINCT run_id) FROM run_trades"), Is.EqualTo(6));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(DISTINCT run_id) FROM run_equity"), Is.EqualTo(6));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(DISTINCT run_id) FROM run_metrics_kv WHERE key = 'net_pnl'"), Is.EqualTo(6));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs WHERE metrics_json IS NULL"), Is.EqualTo(0));
    }

    [Test]
    public void Demo_prints_what_it_recorded_and_the_next_commands_to_try()
    {
        Assert.That(demo.Out, Does.Contain("Recorded 6 runs"));
        Assert.That(demo.Out, Does.Contain("Fast 5/20").And.Contain("Slow 20/60").And.Contain("BACKTEST").And.Contain("PAPER"));
        Assert.That(demo.Out, Does.Contain("Next, try:"));
        foreach (var command in new[] { "recorder runs", "recorder show ", "recorder trades ", "recorder compare ", "recorder report ", "recorder export ", "recorder verify" })
        {
            Assert.That(demo.Out, Does.Contain(command));
        }
    }

    [Test]
    public void Demo_market_data_and_decisions_are_the_same_every_time()
    {
        var first = DemoGenerator.Plans();
        var second = DemoGenerator.Plans();
        Assert.That(first.Select(p => p.Steps.Count), Is.EqualTo(second.Select(p => p.Steps.Count)));
        Assert.That(first.SelectMany(p => p.Steps).Zip(second.SelectMany(p => p.Steps)).All(p => Same(p.First, p.Second)), Is.True);
        var firstBar = first[0].Steps.OfType<DemoBar>().First();
        Assert.That(firstBar.Open, Is.EqualTo(60_000));
    }

    [Test]
    public void Demo_replaces_an_earlier_demo_but_refuses_a_file_with_other_runs()
    {
        using var other = new TempDatabase("mine.db");
        Assert.That(Cli.Run(other.Folder, "demo", "--db", other.Path).ExitCode, Is.EqualTo(0));
        var again = Cli.Run(other.Folder, "demo", "--db", other.Path);
        Assert.That(again.ExitCode, Is.EqualTo(0), again.ToString());
        Assert.That(Db.Scalar<long>(other.Path, "SELECT COUNT(*) FROM strategy_runs"), Is.EqualTo(6));

        using (var session = QuantowerRecorder.Storage.Writing.RecorderSession.Open(other.Path))
        {
            foreach (var e in new Scenario().Start())
            {
                session.Record(e);
            }
        }

        var refused = Cli.Run(other.Folder, "demo", "--db", other.Path);
        Assert.That(refused.ExitCode, Is.EqualTo(2));
        Assert.That(refused.Error, Does.Contain("--force"));
        Assert.That(Db.Scalar<long>(other.Path, "SELECT COUNT(*) FROM strategy_runs"), Is.EqualTo(7));
    }

    // Records compare lists by reference; an OCO group's members are compared by content.
    private static bool Same(DemoStep a, DemoStep b) => a is DemoOcoGroup g && b is DemoOcoGroup h
        ? g.GroupKey == h.GroupKey && g.TimeUtc == h.TimeUtc && g.Members.SequenceEqual(h.Members)
        : a.Equals(b);
}
