using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>`recorder reconcile` on the demo: its "Medium 10/30" paper run has a backtest over the same bars.</summary>
[TestFixture]
public sealed class ReconcileCommandTests
{
    private TempDatabase db = null!;

    [OneTimeSetUp]
    public void MakeDemo() => db = DemoFiles.Create();

    [OneTimeTearDown]
    public void Remove() => db.Dispose();

    [Test]
    public void The_paper_run_is_reconciled_with_the_backtest_that_covers_its_period_and_the_bridge_closes()
    {
        var paper = Run("Medium 10/30", "PAPER");
        var run = Cli.Run(db.Folder, "reconcile", paper, "--json", "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());

        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        var april = Db.Scalar<string>(db.Path, """
            SELECT r.run_id FROM strategy_runs r JOIN strategy_instances i USING (instance_id)
            WHERE i.instance_name = 'Medium 10/30' AND r.run_type = 'BACKTEST' AND r.start_utc >= '2026-03-01'
            """);
        Assert.That(root.GetProperty("backtest_run").GetString(), Is.EqualTo(april), "the backtest over the paper run's period, not the January one");

        var bridge = root.GetProperty("bridge");
        var backtestNet = bridge.GetProperty("backtest_net_pnl").GetDouble();
        var forwardNet = bridge.GetProperty("forward_net_pnl").GetDouble();
        var parts = bridge.GetProperty("parts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.That(parts.Keys, Is.EquivalentTo(new[] { "missed", "extra", "entry_slippage", "exit_slippage", "fees", "timing", "rest" }));
        Assert.That(parts.Values.Sum(), Is.EqualTo(forwardNet - backtestNet).Within(1e-6), "the parts add up to the difference");
        Assert.That(forwardNet, Is.EqualTo(Metric(paper, "net_pnl")).Within(1e-6), "the forward side is the paper run's own net PnL");
        Assert.That(backtestNet, Is.EqualTo(Metric(april, "net_pnl")).Within(1e-6));
        Assert.That(parts["entry_slippage"], Is.LessThan(0), "the paper account fills a tick worse than the backtester");
        Assert.That(root.GetProperty("matched_count").GetInt32(), Is.GreaterThan(0));
    }

    [Test]
    public void The_text_shows_the_bridge_and_the_matched_trades()
    {
        var run = Cli.Run(db.Folder, "reconcile", Run("Medium 10/30", "PAPER"), "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Out, Does.Contain("Backtest net PnL").And.Contain("entry slippage").And.Contain("Forward net PnL")
            .And.Contain("trade(s) in both"));
    }

    [Test]
    public void A_backtest_named_as_the_forward_run_is_refused_with_the_right_order()
    {
        var run = Cli.Run(db.Folder, "reconcile", Run("Medium 10/30", "BACKTEST"), "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Error, Does.Contain("is a backtest").And.Contain("recorder reconcile <forward run> [<backtest run>]"));
    }

    [Test]
    public void A_forward_run_without_a_covering_backtest_says_which_backtests_exist_and_how_to_name_one()
    {
        var paper = Run("Fast 5/20", "PAPER");
        var run = Cli.Run(db.Folder, "reconcile", paper, "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Error, Does.Contain("No backtest of this instance covers").And.Contain("Name one: recorder reconcile"));

        var named = Cli.Run(db.Folder, "reconcile", paper, Run("Fast 5/20", "BACKTEST"), "--db", db.Path);
        Assert.That(named.ExitCode, Is.EqualTo(0), "a named backtest is used even when it covers another period: " + named);
    }

    [Test]
    public void A_negative_tolerance_is_a_usage_error()
    {
        var run = Cli.Run(db.Folder, "reconcile", Run("Medium 10/30", "PAPER"), "--tolerance", "-5", "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Error, Does.Contain("--tolerance"));
    }

    private string Run(string instance, string type) => Db.Query<string>(db.Path, """
        SELECT r.run_id FROM strategy_runs r JOIN strategy_instances i USING (instance_id)
        WHERE i.instance_name = @instance AND r.run_type = @type ORDER BY r.start_utc
        """, new { instance, type }).First();

    private double Metric(string runId, string key) =>
        Db.Scalar<double>(db.Path, "SELECT value FROM run_metrics_kv WHERE run_id = @runId AND key = @key", new { runId, key });
}
