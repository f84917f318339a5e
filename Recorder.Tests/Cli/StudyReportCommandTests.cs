using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>`recorder report --study`: the file it writes and what it refuses (runs and a study together, neither, an unknown study).</summary>
[TestFixture]
public sealed class StudyReportCommandTests
{
    [Test]
    public void A_study_report_holds_the_study_under_the_report_policy_and_refuses_unclear_requests()
    {
        using var db = DemoFiles.Create();
        var run = Cli.Run(db.Folder, "report", "--study", "demo-sweep", "--json", "--db", db.Path, "-o", "study.html");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var written = JsonNode.Parse(run.Out)!;
        var study = JsonNode.Parse(Cli.Run(db.Folder, "study", "demo-sweep", "--json", "--db", db.Path).Out)!;
        Assert.That((string)written["study_id"]!, Is.EqualTo((string)study["study"]!["study_id"]!));
        Assert.That((int)written["count"]!, Is.EqualTo(study["passes"]!.AsArray().Count));
        var parameters = study["parameters"]!.AsArray().Count;
        Assert.That((int)written["heatmaps"]!, Is.EqualTo(parameters * (parameters - 1)), "one heatmap per ordered pair of inputs");
        var html = File.ReadAllText(db.Sibling("study.html"));
        Assert.That(html, Does.Contain("default-src 'none'"));
        Assert.That(html, Does.Not.Contain("src=\"http").And.Not.Contain("href=\"http"));
        foreach (var pass in study["passes"]!.AsArray())
        {
            Assert.That(html, Does.Contain($"data-run=\"{pass!["run_id"]}\""));
        }

        // The summary table says what each figure stands on: the plateau's passes (the pass included: "itself and its
        // 5 nearest neighbours" was one too many), the deflated Sharpe's trials and returns, PBO's blocks and period.
        var pick = study["passes"]!.AsArray().Single(p => (bool)p!["plateau_pick"]!)!;
        var averaged = (int)pick["plateau_passes"]!;
        var text = System.Net.WebUtility.HtmlDecode(html);
        Assert.That(text, Does.Contain($"the mean over {averaged} passes (itself and its {averaged - 1} nearest)"));
        Assert.That(text, Does.Contain("25 trials: the passes of study \"demo-sweep\" over 2026-01-04 → 2026-04-01"));
        Assert.That(text, Does.Contain("16 blocks of 5 daily returns (the oldest 8 of 88 left out)"));
        Assert.That(text, Does.Contain("PBO on daily returns, 365 a year (365 days)"));

        var runId = DemoFiles.TraderRuns(db.Path, "BACKTEST")[0];
        var both = Cli.Run(db.Folder, "report", runId, "--study", "demo-sweep", "--db", db.Path, "-o", "both.html");
        Assert.That(both.ExitCode, Is.EqualTo(2), both.ToString());
        Assert.That(both.Error, Does.Contain("either runs or --study"));
        var neither = Cli.Run(db.Folder, "report", "--db", db.Path, "-o", "none.html");
        Assert.That(neither.ExitCode, Is.EqualTo(2), neither.ToString());
        Assert.That(neither.Error, Does.Contain("--study"));
        var unknown = Cli.Run(db.Folder, "report", "--study", "no-such-study", "--db", db.Path, "-o", "x.html");
        Assert.That(unknown.ExitCode, Is.Not.EqualTo(0));
        Assert.That(unknown.Error, Does.Contain("no-such-study"));
        Assert.That(File.Exists(db.Sibling("both.html")) || File.Exists(db.Sibling("none.html")) || File.Exists(db.Sibling("x.html")), Is.False);
    }
}
