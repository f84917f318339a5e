using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>runs, show, trades and compare against a demo database.</summary>
[TestFixture]
public sealed class InspectCommandTests
{
    private TempDatabase db = null!;
    private List<string> runIds = null!;

    [OneTimeSetUp]
    public void MakeDemo()
    {
        db = DemoFiles.Create();
        runIds = Db.Query<string>(db.Path, "SELECT run_id FROM strategy_runs ORDER BY start_utc, run_id");
    }

    [OneTimeTearDown]
    public void Remove() => db.Dispose();

    private CliRun Run(params string[] args) => Cli.Run(db.Folder, [.. args, "--db", db.Path]);

    [Test]
    public void Runs_lists_every_run_with_strategy_instance_type_status_and_pnl()
    {
        var run = Run("runs", "--all");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Out, Does.Contain("Demo MA Crossover").And.Contain("Medium 10/30").And.Contain("COMPLETED").And.Contain("32 run(s)"));
        Assert.That(run.Out.Split('\n').Max(l => l.Length), Is.LessThanOrEqualTo(200), "the table fits the terminal width");
    }

    [Test]
    public void Runs_opens_on_the_runs_people_made_with_a_studys_passes_in_one_line_and_all_lists_them()
    {
        var run = Run("runs");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var made = DemoFiles.TraderRuns(db.Path);
        var passes = Db.Query<string>(db.Path, "SELECT run_id FROM strategy_runs WHERE json_extract(fingerprint_json, '$.study') = 'demo-sweep'");
        using var studies = JsonDocument.Parse(Run("studies", "--json").Out);
        var best = studies.RootElement[0].GetProperty("best_run_id").GetString()!;
        var lines = run.Out.Split('\n');
        Assert.That(made, Has.All.Matches<string>(id => lines.Count(l => l.StartsWith(id[..8], StringComparison.Ordinal)) == 1), "one row per run people made");
        Assert.That(passes.Where(id => id != best), Has.None.Matches<string>(id => run.Out.Contains(id[..8], StringComparison.Ordinal)), "no pass has a row");
        var study = lines.Single(l => l.StartsWith("Study demo-sweep: ", StringComparison.Ordinal));
        Assert.That(study, Does.Contain($"{passes.Count} passes").And.Contain("best sharpe").And.Contain(best[..8]).And.EndWith("recorder study demo-sweep"));
        Assert.That(run.Out, Does.Contain($"{made.Count} run(s), and {passes.Count} passes of 1 study").And.Contain("recorder runs --all"));

        var all = Run("runs", "--all");
        Assert.That(passes.Concat(made), Has.All.Matches<string>(id => all.Out.Contains(id[..8], StringComparison.Ordinal)), "--all: a row each");
        Assert.That(all.Out, Does.Contain($"{passes.Count + made.Count} run(s).").And.Not.Contain("Study demo-sweep"));
        Assert.That(Count(Run("runs", "--json")), Is.EqualTo(passes.Count + made.Count), "--json lists every run, passes included");
    }

    [Test]
    public void Runs_filters_by_type_instance_strategy_status_and_date()
    {
        Assert.That(Count(Run("runs", "--type", "paper", "--json")), Is.EqualTo(3));
        Assert.That(Count(Run("runs", "--instance", "Slow", "--json")), Is.EqualTo(2));
        Assert.That(Count(Run("runs", "--strategy", "crossover", "--json")), Is.EqualTo(32));
        Assert.That(Count(Run("runs", "--strategy", "no such strategy", "--json")), Is.EqualTo(0));
        Assert.That(Count(Run("runs", "--status", "COMPLETED", "--since", "2026-03-15", "--json")), Is.EqualTo(4));
        Assert.That(Count(Run("runs", "--until", "2026-03-15", "--json")), Is.EqualTo(28));
    }

    [Test]
    public void Runs_rejects_a_date_it_cannot_read_with_the_expected_format()
    {
        var run = Run("runs", "--since", "15/03/2026");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("yyyy-MM-dd"));
    }

    [Test]
    public void Runs_json_carries_ids_parameters_and_counts_for_scripts()
    {
        using var json = JsonDocument.Parse(Run("runs", "--json").Out);
        var first = json.RootElement[0];
        Assert.That(first.GetProperty("run_id").GetString(), Is.EqualTo(runIds[0]));
        Assert.That(first.GetProperty("parameters").GetProperty("Fast period").GetInt32(), Is.GreaterThan(0));
        // The earliest run is the first pass of the optimisation, the backtest period's 86 days of hourly bars.
        Assert.That(first.GetProperty("bar_count").GetInt64(), Is.EqualTo(24 * 86));
        Assert.That(first.GetProperty("net_pnl").ValueKind, Is.EqualTo(JsonValueKind.Number));
    }

    [Test]
    public void Show_accepts_a_unique_prefix_and_shows_parameters_and_metrics()
    {
        var prefix = UniquePrefix(runIds[0]);
        var run = Run("show", prefix);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Out, Does.Contain(runIds[0]).And.Contain("Slow period=").And.Contain("Net PnL").And.Contain("Sharpe ratio"));
    }

    [Test]
    public void Show_json_lists_the_runs_metrics_with_units()
    {
        using var json = JsonDocument.Parse(Run("show", runIds[1], "--json").Out);
        var metrics = json.RootElement.GetProperty("metrics").EnumerateArray().ToList();
        Assert.That(metrics.Select(m => m.GetProperty("key").GetString()), Does.Contain("net_pnl").And.Contain("max_drawdown"));
        Assert.That(metrics.First(m => m.GetProperty("key").GetString() == "trade_count").GetProperty("unit").GetString(), Is.EqualTo("count"));
    }

    [Test]
    public void Unknown_run_id_fails_with_the_closest_ids()
    {
        var typo = runIds[2][..20] + "zzzz";
        var run = Run("show", typo);
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("No run '" + typo + "'").And.Contain("Did you mean").And.Contain(runIds[2]));
    }

    [Test]
    public void Ambiguous_prefix_fails_and_names_the_runs_it_matches()
    {
        // A prefix two demo runs share (their time parts are their starts, so they share leading digits).
        var sorted = runIds.Order(StringComparer.Ordinal).ToList();
        var prefix = sorted.Zip(sorted.Skip(1), (a, b) => a[..a.Zip(b).TakeWhile(p => p.First == p.Second).Count()])
            .MaxBy(p => p.Length)!;
        var matching = runIds.Count(id => id.StartsWith(prefix, StringComparison.Ordinal));
        Assert.That(matching, Is.GreaterThan(1), "precondition: the prefix is shared");

        var run = Run("show", prefix);
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain($"matches {matching} runs").And.Contain("more characters"));
    }

    [Test]
    public void Trades_lists_the_round_trips_stored_for_the_run()
    {
        var run = Run("trades", runIds[0]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var stored = Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_trades WHERE run_id = @id", new { id = runIds[0] });
        Assert.That(run.Out, Does.Contain($"{stored} row(s)").And.Contain("LONG").And.Match(@"(?m)\s+SL\r?$"), "an exit reason column with SL");
        using var json = JsonDocument.Parse(Run("trades", runIds[0], "--json").Out);
        Assert.That(json.RootElement.GetArrayLength(), Is.EqualTo(stored));
        Assert.That(json.RootElement[0].GetProperty("net_pnl").ValueKind, Is.EqualTo(JsonValueKind.Number));
    }

    [Test]
    public void Compare_instances_keeps_backtests_and_forward_runs_apart_and_marks_the_best_value_in_each_row()
    {
        var run = Run("compare", "Fast 5/20", "Medium 10/30", "Slow 20/60");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Out, Does.Contain("★").And.Contain("Net PnL").And.Contain("2 backtests").And.Contain("1 forward"));

        using var json = JsonDocument.Parse(Run("compare", "Fast 5/20", "Medium 10/30", "Slow 20/60", "--json").Out);
        var columns = json.RootElement.GetProperty("columns").EnumerateArray().ToList();
        Assert.That(columns.Select(c => c.GetProperty("phase").GetString()), Is.EqualTo(new[] { "BACKTEST", "FORWARD", "BACKTEST", "FORWARD", "BACKTEST", "FORWARD" }));

        // Each phase's figures as v_instance_comparison keeps them, never a backtest and a paper run summed.
        var phases = Db.Query<(string Name, string Phase, long Runs, double Pnl)>(db.Path,
            "SELECT instance_name, phase, runs, total_net_pnl FROM v_instance_comparison WHERE instance_name IN ('Fast 5/20', 'Medium 10/30', 'Slow 20/60') " +
            "ORDER BY instance_name, phase").ToList();
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!);
        Assert.That(rows["runs"].GetProperty("values").EnumerateArray().Select(v => v.GetDouble()), Is.EqualTo(phases.Select(p => (double)p.Runs)));
        var pnl = rows["net_pnl"].GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToList();
        Assert.That(pnl, Is.EqualTo(phases.Select(p => p.Pnl)).Within(1e-6));
        var fast = Db.Query<double>(db.Path, "SELECT net_pnl FROM v_runs WHERE instance_name = 'Fast 5/20' ORDER BY run_type").ToList();
        Assert.That(pnl.Take(2), Is.EqualTo(fast).Within(1e-6), "Fast 5/20's backtest, then its paper run, each alone");
        Assert.That(rows["net_pnl"].GetProperty("best").EnumerateArray().Single().GetInt32(), Is.EqualTo(pnl.IndexOf(pnl.Max())));
        var drawdown = rows["max_drawdown"].GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToList();
        Assert.That(rows["max_drawdown"].GetProperty("best").EnumerateArray().Single().GetInt32(), Is.EqualTo(drawdown.IndexOf(drawdown.Min())));
    }

    [Test]
    public void Compare_runs_by_prefix_puts_their_metrics_side_by_side()
    {
        using var json = JsonDocument.Parse(Run("compare", UniquePrefix(runIds[0]), UniquePrefix(runIds[1]), "--json").Out);
        var columns = json.RootElement.GetProperty("columns").EnumerateArray().ToList();
        Assert.That(columns.Select(c => c.GetProperty("id").GetString()), Is.EqualTo(new[] { runIds[0], runIds[1] }));
        Assert.That(columns.All(c => c.GetProperty("kind").GetString() == "run"), Is.True);
    }

    private static int Count(CliRun run)
    {
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        return json.RootElement.GetArrayLength();
    }

    private string UniquePrefix(string id)
    {
        for (var length = 4; length <= id.Length; length++)
        {
            if (runIds.Count(r => r.StartsWith(id[..length], StringComparison.Ordinal)) == 1)
            {
                return id[..length];
            }
        }

        return id;
    }
}
