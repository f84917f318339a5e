using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>`recorder drift` on the demo: each paper run against the backtest of its parameter set.</summary>
[TestFixture]
public sealed class DriftCommandTests
{
    private TempDatabase db = null!;

    [OneTimeSetUp]
    public void MakeDemo() => db = DemoFiles.Create();

    [OneTimeTearDown]
    public void Remove() => db.Dispose();

    [Test]
    public void The_paper_run_meets_its_instances_latest_backtest_and_the_band_follows_its_own_trades()
    {
        var paper = Run("Fast 5/20", "PAPER");
        var run = Cli.Run(db.Folder, "drift", paper, "--json", "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());

        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.That(root.GetProperty("backtest_run").GetString(), Is.EqualTo(Run("Fast 5/20", "BACKTEST")));
        Assert.That(root.GetProperty("backtest_chosen_by").GetString(), Is.EqualTo("latest"));

        // The forward line is the running sum of the paper run's closed trades, in the file's own numbers.
        var net = Db.Query<double>(db.Path, "SELECT net_pnl FROM run_trades WHERE run_id = @paper AND is_open = 0 ORDER BY trade_no", new { paper });
        var running = net.Select((_, i) => net.Take(i + 1).Sum()).ToList();
        var band = root.GetProperty("band").EnumerateArray().ToList();
        Assert.That(band.Select(p => p.GetProperty("forward").GetDouble()), Is.EqualTo(running).Within(1e-6));
        Assert.That(band.Select(p => p.GetProperty("k").GetInt32()), Is.EqualTo(Enumerable.Range(1, net.Count)));
        Assert.That(root.GetProperty("backtest_trades").GetInt32(),
            Is.EqualTo(Db.Scalar<int>(db.Path, "SELECT count(*) FROM run_trades WHERE run_id = @b AND is_open = 0", new { b = Run("Fast 5/20", "BACKTEST") })));
        Assert.That(root.GetProperty("verdict").GetProperty("position").GetString(), Is.EqualTo(band[^1].GetProperty("position").GetString()));
        Assert.That(band.All(p => p.GetProperty("low").GetDouble() <= p.GetProperty("median").GetDouble()
            && p.GetProperty("median").GetDouble() <= p.GetProperty("high").GetDouble()), "low ≤ median ≤ high at every trade");
        Assert.That(root.GetProperty("not_enough").ValueKind, Is.EqualTo(JsonValueKind.Null), "Fast 5/20's paper trades (over 10) and its backtest's (over 30) are enough");
    }

    [Test]
    public void By_default_the_band_comes_from_the_latest_backtest_that_ended_before_the_forward_run_started()
    {
        // Medium 10/30 has a January–March backtest and an April one over the very bars of its April paper run.
        var paper = Run("Medium 10/30", "PAPER");
        var earlier = Db.Query<string>(db.Path, Sql("BACKTEST"), new { name = "Medium 10/30" }).First();
        var april = Run("Medium 10/30", "BACKTEST");
        Assert.That(Db.Scalar<string>(db.Path, "SELECT end_utc FROM strategy_runs WHERE run_id = @earlier", new { earlier }),
            Is.LessThanOrEqualTo(Db.Scalar<string>(db.Path, "SELECT min(entry_utc) FROM run_trades WHERE run_id = @paper", new { paper })));

        using var json = JsonDocument.Parse(Ok("drift", paper, "--json", "--db", db.Path));
        Assert.That(json.RootElement.GetProperty("backtest_run").GetString(), Is.EqualTo(earlier));
        Assert.That(json.RootElement.GetProperty("backtest_chosen_by").GetString(), Is.EqualTo("latest"));
        Assert.That(json.RootElement.GetProperty("in_sample").GetBoolean(), Is.False);
        Assert.That(json.RootElement.GetProperty("summary").GetString(), Does.Not.Contain("In-sample"));

        // Named, the April backtest is used, and the band is said to be in-sample.
        using var named = JsonDocument.Parse(Ok("drift", paper, april, "--json", "--db", db.Path));
        Assert.That(named.RootElement.GetProperty("in_sample").GetBoolean(), Is.True);
        Assert.That(named.RootElement.GetProperty("summary").GetString(), Does.Contain("In-sample: the backtest's period reaches past this run's first trade"));
    }

    [Test]
    public void When_every_backtest_saw_the_forward_period_the_latest_is_used_and_said_to_be_in_sample()
    {
        using var copy = DemoFiles.Create();
        var names = new { name = "Medium 10/30" };
        var earlier = Db.Query<string>(copy.Path, Sql("BACKTEST"), names).First();
        var april = Db.Query<string>(copy.Path, Sql("BACKTEST"), names).Last();
        var paper = Db.Query<string>(copy.Path, Sql("PAPER"), names).Last();
        using (var connection = new SqliteConnection($"Data Source={copy.Path};Pooling=False"))
        {
            connection.Execute("UPDATE strategy_runs SET run_type = 'REPLAY' WHERE run_id = @earlier", new { earlier });
        }

        var run = Cli.Run(copy.Folder, "drift", paper, "--json", "--db", copy.Path);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        Assert.That(json.RootElement.GetProperty("backtest_run").GetString(), Is.EqualTo(april));
        Assert.That(json.RootElement.GetProperty("in_sample").GetBoolean(), Is.True);
        Assert.That(json.RootElement.GetProperty("summary").GetString(), Does.Contain("In-sample").And.Contain("no backtest of this parameter set ended before it"));

        var text = Cli.Run(copy.Folder, "drift", paper, "--db", copy.Path);
        Assert.That(text.Out, Does.Contain("none ended before this run's first trade").And.Contain("In-sample"));
    }

    [Test]
    public void Too_few_trades_on_both_sides_names_both()
    {
        // Slow 20/60's paper run cut after its 7th closed trade (its later fills removed, the run analysed again), as a
        // paper run a week old; Medium's April backtest has fewer than 30.
        using var copy = DemoFiles.Create();
        var slow = Run("Slow 20/60", "PAPER");
        var april = Run("Medium 10/30", "BACKTEST");
        using (var connection = new SqliteConnection($"Data Source={copy.Path};Pooling=False"))
        {
            connection.Execute("""
                DELETE FROM executions WHERE run_id = @slow AND exec_utc > (SELECT exit_utc FROM run_trades
                WHERE run_id = @slow AND is_open = 0 ORDER BY exit_utc LIMIT 1 OFFSET 6)
                """, new { slow });
        }

        Assert.That(Cli.Run(copy.Folder, "analyze", slow, "--db", copy.Path).ExitCode, Is.EqualTo(0));
        using var json = JsonDocument.Parse(Ok("drift", slow, april, "--json", "--db", copy.Path));
        var forward = json.RootElement.GetProperty("forward_trades").GetInt32();
        var backtest = json.RootElement.GetProperty("backtest_trades").GetInt32();
        Assert.That((forward, backtest), Is.EqualTo((7, (int)ClosedTrades(april))));
        Assert.That(backtest, Is.LessThan(30));
        Assert.That(json.RootElement.GetProperty("summary").GetString(),
            Does.Contain($"not enough forward trades ({forward}; needs 10) and not enough backtest trades ({backtest}; needs 30)"));
        Assert.That(json.RootElement.GetProperty("not_enough").GetProperty("what").GetString(), Is.EqualTo("forward trades"));
    }

    [Test]
    public void The_text_says_the_verdict_and_fits_80_columns()
    {
        var run = Cli.Run(db.Folder, env => env with { Columns = 80, IsTerminal = true }, "drift", Run("Fast 5/20", "PAPER"), "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Out, Does.Contain("the 5–95 % band").And.Contain("seed 20240601").And.Contain("Trade").And.Contain($"of {ClosedTrades(Run("Fast 5/20", "PAPER"))} trades shown"));
        Assert.That(run.Out.Split('\n').Where(l => l.TrimEnd('\r').Length > 80), Is.Empty);

        // The column that says "below" or "above" has a header like every other.
        var wide = Cli.Run(db.Folder, env => env with { Columns = 200, IsTerminal = true }, "drift", Run("Fast 5/20", "PAPER"), "--db", db.Path);
        var header = wide.Out.Split('\n').First(l => l.Contains("Low", StringComparison.Ordinal) && l.Contains("Forward", StringComparison.Ordinal));
        Assert.That(header, Does.Match(@"Forward\s*│?\s*Position"), header);
    }

    [Test]
    public void A_backtest_named_as_the_forward_run_and_a_paper_run_named_as_the_backtest_are_refused()
    {
        var backwards = Cli.Run(db.Folder, "drift", Run("Fast 5/20", "BACKTEST"), "--db", db.Path);
        Assert.That(backwards.ExitCode, Is.EqualTo(2), backwards.ToString());
        Assert.That(backwards.Error, Does.Contain("is a backtest").And.Contain("recorder drift <forward run> [<backtest run>]"));

        var notBacktest = Cli.Run(db.Folder, "drift", Run("Fast 5/20", "PAPER"), Run("Slow 20/60", "PAPER"), "--db", db.Path);
        Assert.That(notBacktest.ExitCode, Is.EqualTo(2), notBacktest.ToString());
        Assert.That(notBacktest.Error, Does.Contain("is a PAPER run, not a backtest"));
    }

    [Test]
    public void An_instance_without_a_backtest_says_so_and_the_hint_works_with_a_backtest_named()
    {
        using var copy = DemoFiles.Create();
        var paper = Db.Query<string>(copy.Path, Sql("PAPER"), new { name = "Slow 20/60" }).Last();
        using (var connection = new SqliteConnection($"Data Source={copy.Path};Pooling=False"))
        {
            connection.Execute("""
                UPDATE strategy_runs SET run_type = 'REPLAY' WHERE run_type = 'BACKTEST'
                AND instance_id = (SELECT instance_id FROM strategy_instances WHERE instance_name = 'Slow 20/60')
                """);
        }

        var run = Cli.Run(copy.Folder, "drift", paper, "--db", copy.Path);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Error, Does.Contain("has no ended backtest").And.Contain($"recorder drift {paper[..8]} <backtest run>"));

        var named = Cli.Run(copy.Folder, "drift", paper[..8], Run("Fast 5/20", "BACKTEST")[..8], "--db", copy.Path);
        Assert.That(named.ExitCode, Is.EqualTo(0), named.ToString());
        Assert.That(named.Out, Does.Contain("Backtest " + Run("Fast 5/20", "BACKTEST")).And.Not.Contain("most recent"));
    }

    private string Ok(params string[] args)
    {
        var run = Cli.Run(db.Folder, args);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        return run.Out;
    }

    private static string Sql(string type) => $"""
        SELECT r.run_id FROM strategy_runs r JOIN strategy_instances i USING (instance_id)
        WHERE i.instance_name = @name AND r.run_type = '{type}' AND json_extract(r.fingerprint_json, '$.study') IS NULL
        ORDER BY r.start_utc, r.run_id
        """;

    /// <summary>The instance's latest run of the type (its April backtest for "Medium 10/30").</summary>
    private long ClosedTrades(string runId) => Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_trades WHERE run_id = @runId AND is_open = 0", new { runId });

    private string Run(string instance, string type) => Db.Query<string>(db.Path, Sql(type), new { name = instance }).Last();
}
