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
    public void Studies_lists_the_authors_optimisation_and_not_the_two_hand_made_backtests()
    {
        using var json = Json("studies");
        var studies = json.RootElement.EnumerateArray().ToList();
        // "Fast 5/20" and "Medium 10/30" backtested over one environment minutes apart are two parameter sets, not an
        // optimisation: an inferred study needs five (docs/studies.md).
        Assert.That(studies, Has.Count.EqualTo(1));
        var sweep = studies.Single(s => s.GetProperty("name").GetString() == "demo-sweep");
        Assert.That(sweep.GetProperty("origin").GetString(), Is.EqualTo("named"));
        Assert.That(sweep.GetProperty("passes").GetInt32(), Is.EqualTo(25));
        Assert.That(sweep.GetProperty("objective").GetString(), Is.EqualTo("sharpe"), "what the author optimised for");
        var best = Db.Scalar<double>(db.Path, "SELECT MAX(m.value) FROM run_metrics_kv m JOIN strategy_runs r ON r.run_id = m.run_id " +
            "WHERE m.key = 'sharpe' AND json_extract(r.fingerprint_json, '$.study') = 'demo-sweep'");
        Assert.That(sweep.GetProperty("best_objective").GetDouble(), Is.EqualTo(best));

        // In 80 columns the name the demo's hint asks for is printed whole.
        var text = Cli.Run(db.Folder, env => env with { Columns = 80, IsTerminal = true }, "studies", "--db", db.Path);
        Assert.That(text.Out, Does.Contain(" demo-sweep "));
        Assert.That(text.Out.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => !l.StartsWith("(To fit", StringComparison.Ordinal)),
            Has.All.Matches<string>(l => l.Length <= 80), text.Out);
    }

    [Test]
    public void A_study_of_two_passes_says_what_each_figure_lacks_instead_of_a_number()
    {
        using var mine = DemoFiles.Create();
        var pair = Db.Query<string>(mine.Path, "SELECT r.run_id FROM strategy_runs r JOIN strategy_instances i ON i.instance_id = r.instance_id " +
            "WHERE r.run_type = 'BACKTEST' AND i.instance_name IN ('Fast 5/20', 'Medium 10/30') AND r.start_utc < '2026-02-01' ORDER BY r.run_id");
        Assert.That(Cli.Run(mine.Folder, ["study", "group", "pair", .. pair, "--db", mine.Path]).ExitCode, Is.EqualTo(0));

        var run = Cli.Run(mine.Folder, "study", "pair", "--json", "--db", mine.Path);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        var pbo = root.GetProperty("overfitting");
        Assert.That(pbo.GetProperty("probability").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(pbo.GetProperty("not_enough").GetProperty("text").GetString(), Is.EqualTo("not enough passes with returns (2; needs 5)"));
        Assert.That(pbo.GetProperty("not_enough").GetProperty("needs").GetInt32(), Is.EqualTo(5));
        // Four inputs vary: k = 9, and a plateau needs 10 passes.
        Assert.That(root.GetProperty("plateau_pick_run_id").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(root.GetProperty("plateau_not_enough").GetProperty("text").GetString(), Is.EqualTo("not enough passes (2; needs 10)"));
        Assert.That(root.GetProperty("passes").EnumerateArray().Select(p => p.GetProperty("plateau_score").ValueKind), Is.All.EqualTo(JsonValueKind.Null));
        var importance = root.GetProperty("importance").EnumerateArray().ToList();
        Assert.That(importance, Has.Count.EqualTo(4));
        Assert.That(importance.Select(i => i.GetProperty("share").ValueKind), Is.All.EqualTo(JsonValueKind.Null), "it printed 100 % for all four");
        Assert.That(importance.Select(i => i.GetProperty("not_enough").GetProperty("text").GetString()), Is.All.EqualTo("not enough passes (2; needs 3)"));
        var dsr = root.GetProperty("deflated_sharpe");
        Assert.That(dsr.GetProperty("trials").GetInt32(), Is.EqualTo(2));
        Assert.That(dsr.GetProperty("population").GetString(), Does.StartWith("the passes of study \"pair\""));
        var paper = Db.Query<string>(mine.Path, "SELECT r.run_id FROM strategy_runs r JOIN strategy_instances i ON i.instance_id = r.instance_id " +
            "WHERE r.run_type = 'PAPER' AND i.instance_name IN ('Fast 5/20', 'Medium 10/30') ORDER BY r.run_id");
        Assert.That(root.GetProperty("linked").EnumerateArray().Select(l => l.GetProperty("run_id").GetString()), Is.EqualTo(paper),
            "the paper runs of the passes' parameter sets link back to them");

        var text = Cli.Run(mine.Folder, env => env with { Columns = 80, IsTerminal = false }, "study", "pair", "--db", mine.Path);
        Assert.That(text.Out, Does.Contain("PBO: not enough passes with returns (2; needs 5)")
            .And.Contain("Plateau pick: none, not enough passes (2; needs 10)")
            .And.Contain("Fast period: not enough passes (2; needs 3)")
            .And.Not.Contain("100.0 %").And.Not.Contain("nearest passes, worst"));
        Assert.That(text.Out.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => !l.StartsWith("(To fit", StringComparison.Ordinal)),
            Has.All.Matches<string>(l => l.Length <= 80), text.Out);
    }

    [Test]
    public void Show_says_when_a_runs_trials_have_moved_since_its_analysis_and_the_command_it_prints_stores_them()
    {
        // Taking one pass out of the sweep leaves the best pass 24 trials; its stored ratio stood on 25.
        using var mine = DemoFiles.Create();
        var sweep = Db.Query<string>(mine.Path, "SELECT r.run_id FROM strategy_runs r JOIN run_metrics_kv m ON m.run_id = r.run_id AND m.key = 'sharpe' " +
            "WHERE json_extract(r.fingerprint_json, '$.study') = 'demo-sweep' ORDER BY m.value DESC");
        Assert.That(Cli.Run(mine.Folder, "study", "ungroup", sweep[^1], "--db", mine.Path).ExitCode, Is.EqualTo(0));

        var before = Cli.Run(mine.Folder, "show", sweep[0], "--db", mine.Path).Out;
        Assert.That(before, Does.Contain("against 25 trials"));
        var hint = System.Text.RegularExpressions.Regex.Match(before.Replace("\n", " ", StringComparison.Ordinal), @"Its trials now: 24 trials, .*? which give [-0-9.]+; recorder (analyze [0-9a-f-]{36}) stores that");
        Assert.That(hint.Success, Is.True, before);

        var analyzed = Cli.Run(mine.Folder, [.. hint.Groups[1].Value.Split(' '), "--db", mine.Path]);
        Assert.That(analyzed.ExitCode, Is.EqualTo(0), analyzed.ToString());
        var after = Cli.Run(mine.Folder, "show", sweep[0], "--db", mine.Path).Out;
        Assert.That(after, Does.Contain("against 24 trials").And.Not.Contain("Its trials now"));
    }

    [Test]
    public void A_heatmap_cell_over_several_passes_shows_their_number_beside_the_mean()
    {
        // The demo's seven single runs grouped by hand: three parameter sets, each a backtest and a paper run (and one
        // backtest more), so a cell of the heatmap holds 2 or 3 passes and its mean is over them.
        using var mine = DemoFiles.Create();
        Assert.That(Cli.Run(mine.Folder, ["study", "group", "mixed", .. DemoFiles.TraderRuns(mine.Path), "--db", mine.Path]).ExitCode, Is.EqualTo(0));
        using var json = JsonDocument.Parse(Cli.Run(mine.Folder, "study", "mixed", "--json", "--db", mine.Path).Out);
        var cells = json.RootElement.GetProperty("heatmap").GetProperty("cells").EnumerateArray()
            .Select(c => c.GetProperty("count").GetInt32()).Where(c => c > 0).ToList();
        Assert.That(cells.Sum(), Is.EqualTo(7));
        Assert.That(cells.Max(), Is.GreaterThan(1));

        var text = Cli.Run(mine.Folder, "study", "mixed", "--db", mine.Path).Out;
        Assert.That(text, Does.Contain("(passes in the cell in brackets)"));
        var shown = System.Text.RegularExpressions.Regex.Matches(text, @"\((\d+)\)(?= |$)", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.That(shown.Order(), Is.EqualTo(cells.Order()), "every cell with passes shows its count");
    }

    [Test]
    public void The_study_and_show_give_the_best_pass_one_deflated_sharpe_over_the_25_passes_on_its_daily_returns()
    {
        using var study = Json("study", "demo-sweep");
        var dsr = study.RootElement.GetProperty("deflated_sharpe");
        var best = study.RootElement.GetProperty("passes")[0];
        Assert.That(dsr.GetProperty("pass_id").GetString(), Is.EqualTo(best.GetProperty("run_id").GetString()));
        Assert.That(dsr.GetProperty("trials").GetInt32(), Is.EqualTo(25));
        Assert.That(dsr.GetProperty("population").GetString(), Is.EqualTo("the passes of study \"demo-sweep\" over 2026-01-04 → 2026-04-01"));
        // The same returns as the objective: its Sharpe is the pass's stored sharpe, the objective.
        Assert.That(dsr.GetProperty("sharpe").GetDouble(), Is.EqualTo(best.GetProperty("objective").GetDouble()));
        Assert.That(dsr.GetProperty("periods_per_year").GetInt32(), Is.EqualTo(365), "bitcoin trades every day");

        using var show = Json("show", best.GetProperty("run_id").GetString()!);
        double? Metric(string key) => show.RootElement.GetProperty("metrics").EnumerateArray()
            .Single(m => m.GetProperty("key").GetString() == key).GetProperty("value") is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : null;
        Assert.That(Metric("deflated_sharpe"), Is.EqualTo(dsr.GetProperty("probability").GetDouble()), "one number for one pass");
        Assert.That(Metric("deflated_sharpe_threshold"), Is.EqualTo(dsr.GetProperty("threshold").GetDouble()));
        Assert.That(Metric("deflated_sharpe_trials"), Is.EqualTo(25));

        var text = Run("show", best.GetProperty("run_id").GetString()!);
        Assert.That(text.Out, Does.Contain("Deflated Sharpe").And.Contain("against 25 trials: the passes of study \"demo-sweep\"").And.Not.Contain("Its trials now"));

        // Slow 20/60, alone over three months of its future: one trial, no deflation by 10-day passes.
        var slow = Db.Scalar<string>(db.Path, "SELECT r.run_id FROM strategy_runs r JOIN strategy_instances i ON i.instance_id = r.instance_id " +
            "WHERE r.run_type = 'BACKTEST' AND i.instance_name = 'Slow 20/60'");
        var slowText = Run("show", slow);
        Assert.That(slowText.Out, Does.Contain("not enough trials (1; needs 2): its trials are the strategy's runs over the same data (ESM6 1H"));
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
        // The passes' 86 days (88 UTC days touched: the first bar's evening and the last close at midnight) are enough
        // for 16 partitions of daily returns: 16 equal blocks of 5 once the oldest 8 are left out. Bitcoin trades 365
        // days a year.
        Assert.That(pbo.GetProperty("period").GetString(), Is.EqualTo("day"));
        Assert.That((pbo.GetProperty("periods").GetInt32(), pbo.GetProperty("block_size").GetInt32(), pbo.GetProperty("oldest_left_out").GetInt32()), Is.EqualTo((88, 5, 8)));
        Assert.That(root.GetProperty("annualisation").GetProperty("periods_per_year").GetInt32(), Is.EqualTo(365));
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
            .And.Contain("Deflated Sharpe of the best pass: ").And.Contain("PBO: ").And.Contain("daily returns")
            .And.Contain("over 5 passes (itself and its 4 nearest)").And.Contain("16 blocks of 5 daily returns (the oldest 8 of 88 left out)")
            .And.Contain("365 a year (365 days)"));
        var byNet = Run("study", "demo-sweep", "--objective", "net_pnl");
        Assert.That(byNet.Out, Does.Contain("Deflated Sharpe of the best pass by net_pnl (the objective's best, not the Sharpe's)"));
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
}
