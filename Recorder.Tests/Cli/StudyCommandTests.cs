using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>`recorder studies` and `study` on the demo: its named optimisation and the study inferred from its backtests.</summary>
[TestFixture]
public sealed class StudyCommandTests
{
    private TempDatabase db = null!;

    [OneTimeSetUp]
    public void MakeDemo() => db = DemoFiles.Create();

    [OneTimeTearDown]
    public void Remove() => db.Dispose();

    private CliRun Run(params string[] args) => Cli.Run(db.Folder, [.. args, "--db", db.Path]);

    private JsonDocument Json(params string[] args)
    {
        var run = Run([.. args, "--json"]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        return JsonDocument.Parse(run.Out);
    }

    private List<string> SweepRuns() => Db.Query<string>(db.Path,
        "SELECT run_id FROM strategy_runs WHERE json_extract(fingerprint_json, '$.study') = 'demo-sweep' ORDER BY run_id");

    [Test]
    public void Studies_lists_the_authors_optimisation_and_the_study_inferred_from_two_backtests_of_one_environment()
    {
        using var json = Json("studies");
        var studies = json.RootElement.EnumerateArray().ToList();
        Assert.That(studies, Has.Count.EqualTo(2));
        var sweep = studies.Single(s => s.GetProperty("name").GetString() == "demo-sweep");
        Assert.That(sweep.GetProperty("origin").GetString(), Is.EqualTo("named"));
        Assert.That(sweep.GetProperty("passes").GetInt32(), Is.EqualTo(25));
        Assert.That(sweep.GetProperty("objective").GetString(), Is.EqualTo("sharpe"), "what the author optimised for");
        var best = Db.Scalar<double>(db.Path, "SELECT MAX(m.value) FROM run_metrics_kv m JOIN strategy_runs r ON r.run_id = m.run_id " +
            "WHERE m.key = 'sharpe' AND json_extract(r.fingerprint_json, '$.study') = 'demo-sweep'");
        Assert.That(sweep.GetProperty("best_objective").GetDouble(), Is.EqualTo(best));

        // The bitcoin backtests of "Fast 5/20" and "Medium 10/30" share strategy, build, symbol, timeframe, period and
        // source and were started minutes apart; "Slow 20/60" trades another symbol and the fourth backtest another period.
        var inferred = studies.Single(s => s.GetProperty("origin").GetString() == "inferred");
        var expected = Db.Query<string>(db.Path, "SELECT r.run_id FROM strategy_runs r JOIN strategy_instances i ON i.instance_id = r.instance_id " +
            "WHERE r.run_type = 'BACKTEST' AND i.instance_name IN ('Fast 5/20', 'Medium 10/30') AND r.start_utc < '2026-02-01' ORDER BY r.run_id");
        using var detail = Json("study", inferred.GetProperty("study_id").GetString()!);
        Assert.That(detail.RootElement.GetProperty("passes").EnumerateArray().Select(p => p.GetProperty("run_id").GetString()).Order(StringComparer.Ordinal),
            Is.EqualTo(expected));
        var paper = Db.Query<string>(db.Path, "SELECT r.run_id FROM strategy_runs r JOIN strategy_instances i ON i.instance_id = r.instance_id " +
            "WHERE r.run_type = 'PAPER' AND i.instance_name IN ('Fast 5/20', 'Medium 10/30') ORDER BY r.run_id");
        Assert.That(detail.RootElement.GetProperty("linked").EnumerateArray().Select(l => l.GetProperty("run_id").GetString()), Is.EqualTo(paper),
            "the paper runs of the passes' parameter sets link back to them");
    }

    [Test]
    public void Study_sorts_the_passes_by_the_objective_with_each_varying_input_as_a_column()
    {
        using var json = Json("study", "demo-sweep");
        var root = json.RootElement;
        Assert.That(root.GetProperty("parameters").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(new[] { "Fast period", "Slow period" }));
        var passes = root.GetProperty("passes").EnumerateArray().ToList();
        Assert.That(passes.Select(p => p.GetProperty("run_id").GetString()).Order(StringComparer.Ordinal), Is.EqualTo(SweepRuns()));
        var sharpe = passes.Select(p => p.GetProperty("objective").GetDouble()).ToList();
        Assert.That(sharpe, Is.Ordered.Descending);
        var grid = passes.Select(p => (p.GetProperty("parameters").GetProperty("Fast period").GetDouble(), p.GetProperty("parameters").GetProperty("Slow period").GetDouble()));
        Assert.That(grid.Distinct().Count(), Is.EqualTo(25), "a 5 × 5 grid");
        Assert.That(passes.Count(p => p.GetProperty("best").GetBoolean()), Is.EqualTo(1));
        Assert.That(passes[0].GetProperty("best").GetBoolean(), Is.True);
        Assert.That(passes.Count(p => p.GetProperty("plateau_pick").GetBoolean()), Is.EqualTo(1));
        Assert.That(root.GetProperty("plateau_pick_run_id").GetString(), Is.EqualTo(passes.Single(p => p.GetProperty("plateau_pick").GetBoolean()).GetProperty("run_id").GetString()));

        var heatmap = root.GetProperty("heatmap");
        Assert.That(heatmap.GetProperty("cells").GetArrayLength(), Is.EqualTo(25));
        Assert.That(heatmap.GetProperty("best_pass_id").GetString(), Is.EqualTo(passes[0].GetProperty("run_id").GetString()));
        var pbo = root.GetProperty("overfitting");
        Assert.That(pbo.GetProperty("probability").GetDouble(), Is.InRange(0.0, 1.0));
        Assert.That(pbo.GetProperty("splits").GetInt32(), Is.EqualTo(12870));
        // Ten days are too few for 16 partitions of daily returns: hourly ones, and the output says so.
        Assert.That(pbo.GetProperty("period").GetString(), Is.EqualTo("hour"));
        Assert.That(root.GetProperty("deflated_sharpe").GetProperty("trials").GetInt32(), Is.EqualTo(25));
    }

    [Test]
    public void Another_objective_reorders_the_passes_and_an_unknown_one_is_refused()
    {
        using var json = Json("study", "DEMO-SWEEP", "--objective", "net_pnl");
        var passes = json.RootElement.GetProperty("passes").EnumerateArray().ToList();
        Assert.That(json.RootElement.GetProperty("objective").GetString(), Is.EqualTo("net_pnl"));
        var expected = Db.Query<double>(db.Path, "SELECT m.value FROM run_metrics_kv m JOIN strategy_runs r ON r.run_id = m.run_id " +
            "WHERE m.key = 'net_pnl' AND json_extract(r.fingerprint_json, '$.study') = 'demo-sweep' ORDER BY m.value DESC");
        Assert.That(passes.Select(p => p.GetProperty("objective").GetDouble()), Is.EqualTo(expected));

        var bad = Run("study", "demo-sweep", "--objective", "luck");
        Assert.That(bad.ExitCode, Is.EqualTo(2), bad.ToString());
        Assert.That(bad.Error, Does.Contain("'luck' is not a metric").And.Contain("sharpe"));
        var unknown = Run("study", "no such study");
        Assert.That(unknown.ExitCode, Is.Not.EqualTo(0));
        Assert.That(unknown.Error, Does.Contain("No study 'no such study'").And.Contain("recorder studies"));
    }

    [Test]
    public void The_text_shows_the_table_the_plateau_pick_importance_a_heatmap_the_deflated_sharpe_and_pbo_with_its_period()
    {
        var run = Run("study", "demo-sweep");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Out, Does.Contain("Study \"demo-sweep\" (named by its author)").And.Contain("25 passes")
            .And.Contain("Fast period").And.Contain("Slow period").And.Contain("sharpe ▼")
            .And.Contain("Plateau pick: ").And.Contain("Parameter importance").And.Contain("Heatmap: mean sharpe per cell")
            .And.Contain("Deflated Sharpe of the best pass: ").And.Contain("PBO: ").And.Contain("hourly returns"));
    }

    [Test]
    public void Group_and_ungroup_override_the_authors_name_and_the_inference()
    {
        using var mine = DemoFiles.Create();
        var sweep = Db.Query<string>(mine.Path, "SELECT run_id FROM strategy_runs WHERE json_extract(fingerprint_json, '$.study') = 'demo-sweep' ORDER BY run_id");
        var grouped = Cli.Run(mine.Folder, "study", "group", "my pick", sweep[0][..13], sweep[1], sweep[2], "--objective", "net_pnl", "--db", mine.Path);
        Assert.That(grouped.ExitCode, Is.EqualTo(0), grouped.ToString());
        Assert.That(grouped.Out, Does.Contain("3 run(s) in study \"my pick\""));

        var ungrouped = Cli.Run(mine.Folder, "study", "ungroup", sweep[3], "--db", mine.Path);
        Assert.That(ungrouped.ExitCode, Is.EqualTo(0), ungrouped.ToString());

        var list = Cli.Run(mine.Folder, "studies", "--json", "--db", mine.Path);
        using var json = JsonDocument.Parse(list.Out);
        var byName = json.RootElement.EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.That(byName["my pick"].GetProperty("origin").GetString(), Is.EqualTo("grouped"));
        Assert.That(byName["my pick"].GetProperty("passes").GetInt32(), Is.EqualTo(3));
        Assert.That(byName["my pick"].GetProperty("objective").GetString(), Is.EqualTo("net_pnl"));
        Assert.That(byName["demo-sweep"].GetProperty("passes").GetInt32(), Is.EqualTo(21), "25 less the 3 regrouped and the 1 taken out");

        var badRun = Cli.Run(mine.Folder, "study", "group", "x", "ffffffff", "--db", mine.Path);
        Assert.That(badRun.ExitCode, Is.Not.EqualTo(0));
        Assert.That(badRun.Error, Does.Contain("ffffffff"));
        var badName = Cli.Run(mine.Folder, "study", "group", " ", sweep[4], "--db", mine.Path);
        Assert.That(badName.ExitCode, Is.EqualTo(2), badName.ToString());
        Assert.That(badName.Error, Does.Contain("A study name must be"));
    }

    [Test]
    public void Backtests_recorded_more_than_an_hour_apart_or_from_another_build_are_not_inferred_as_one_study()
    {
        foreach (var change in new[]
                 {
                     "UPDATE strategy_runs SET created_utc = '2026-01-05T02:00:00.0000000Z' WHERE run_id = (SELECT r.run_id FROM strategy_runs r JOIN strategy_instances i ON i.instance_id = r.instance_id WHERE i.instance_name = 'Medium 10/30' AND r.start_utc < '2026-02-01')",
                     "UPDATE strategy_runs SET fingerprint_json = json_set(fingerprint_json, '$.module_version_id', 'another build') WHERE run_id = (SELECT r.run_id FROM strategy_runs r JOIN strategy_instances i ON i.instance_id = r.instance_id WHERE i.instance_name = 'Medium 10/30' AND r.start_utc < '2026-02-01')",
                 })
        {
            using var copy = new TempDatabase("copy.db");
            File.Copy(db.Path, copy.Path);
            using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={copy.Path};Pooling=False"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = change;
                Assert.That(command.ExecuteNonQuery(), Is.EqualTo(1), change);
            }

            var list = Cli.Run(copy.Folder, "studies", "--json", "--db", copy.Path);
            Assert.That(list.ExitCode, Is.EqualTo(0), list.ToString());
            using var json = JsonDocument.Parse(list.Out);
            Assert.That(json.RootElement.EnumerateArray().Select(s => s.GetProperty("origin").GetString()), Is.EqualTo(new[] { "named" }), change);
        }
    }
}
