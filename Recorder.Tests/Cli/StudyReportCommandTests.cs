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
        // The saved study is the record `recorder study --json` prints, and its surfaces over every pair of inputs.
        var snapshot = SavedReport.Snapshot(html);
        var id = (string)study["study"]!["study_id"]!;
        Assert.That((string)snapshot["route"]!, Is.EqualTo("#/study/" + id));
        Assert.That(JsonNode.DeepEquals(snapshot["paths"]!["/api/studies/" + id], study), Is.True, "the same record as recorder study --json");
        var surfaces = snapshot["paths"]!.AsObject().Where(p => p.Key.StartsWith($"/api/studies/{id}/surface?", StringComparison.Ordinal)).Select(p => p.Key).ToList();
        Assert.That(surfaces, Has.Count.EqualTo(parameters + (parameters * (parameters - 1))), "a line per input, a heatmap per ordered pair");
        Assert.That(surfaces, Has.All.Contains("objective=" + (string)study["objective"]!));

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
