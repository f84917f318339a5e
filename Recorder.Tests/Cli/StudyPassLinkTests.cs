using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// A paper run of a pass's parameter set says which pass of which study it came from, its rank and plateau score as
/// the study itself gives them, in `show`, `show --json` and the report.
/// </summary>
[TestFixture]
public sealed class StudyPassLinkTests
{
    private TempDatabase db = null!;
    private JournalFiles files = null!;

    [OneTimeSetUp]
    public void Record()
    {
        db = new TempDatabase("sweep.db");
        files = JournalFiles.Record(db.Path);
    }

    [OneTimeTearDown]
    public void Remove() => db.Dispose();

    [Test]
    public void Show_of_a_paper_run_names_its_pass_its_rank_by_the_objective_and_the_studys_plateau_score()
    {
        // By hand: net PnL 5, 25, 15, −10, 35, −5 for periods 1 to 6, so period 3 (15) is third of six by net_pnl; its
        // place among the passes is its run id's place in id order (docs/studies.md: a study's passes by run id).
        var byId = files.Passes.Values.Order(StringComparer.Ordinal).ToList();
        var number = byId.IndexOf(files.Passes[3]) + 1;
        using var study = Json("study", "my-sweep", "--json");
        var pass = study.RootElement.GetProperty("passes").EnumerateArray().Single(p => p.GetProperty("run_id").GetString() == files.Passes[3]);
        var plateau = pass.GetProperty("plateau_score");

        using var shown = Json("show", files.LinkedPaper, "--json");
        var link = shown.RootElement.GetProperty("study_passes").EnumerateArray().Single();
        Assert.That(link.GetProperty("study_name").GetString(), Is.EqualTo("my-sweep"));
        Assert.That(link.GetProperty("pass_run_id").GetString(), Is.EqualTo(files.Passes[3]));
        Assert.That((link.GetProperty("pass_number").GetInt32(), link.GetProperty("passes").GetInt32()), Is.EqualTo((number, 6)));
        Assert.That((link.GetProperty("rank").GetInt32(), link.GetProperty("ranked").GetInt32()), Is.EqualTo((3, 6)));
        Assert.That((link.GetProperty("objective").GetString(), link.GetProperty("objective_value").GetDouble()), Is.EqualTo(("net_pnl", JournalFiles.NetPnl(3))));
        Assert.That(link.GetProperty("plateau_score").GetRawText(), Is.EqualTo(plateau.GetRawText()), "the study's own figure");
        Assert.That(plateau.ValueKind, Is.EqualTo(JsonValueKind.Number), "six passes over one input are enough for a plateau");
        var averaged = pass.GetProperty("plateau_passes").GetInt32();
        Assert.That(link.GetProperty("plateau_passes").GetInt32(), Is.EqualTo(averaged));

        var text = Cli.Run(db.Folder, env => env with { Columns = 400 }, "show", files.LinkedPaper, "--db", db.Path);
        Assert.That(text.ExitCode, Is.EqualTo(0), text.ToString());
        Assert.That(text.Out, Does.Contain($"From study       pass {number} of 6 of study \"my-sweep\" (").And.Contain("), ranked 3rd of 6 by net_pnl (15), plateau score "));
        Assert.That(text.Out, Does.Contain($"The pass: recorder show {files.Passes[3]}"));
        Assert.That(text.Out, Does.Contain($" (mean of {averaged} passes). The pass: "));
    }

    [Test]
    public void A_study_too_small_for_a_plateau_says_what_it_lacks_where_the_score_would_be()
    {
        using var small = new TempDatabase("small.db");
        var three = JournalFiles.Record(small.Path, passes: 3);
        var study = Cli.Run(small.Folder, "study", "my-sweep", "--json", "--db", small.Path);
        using var record = JsonDocument.Parse(study.Out);
        var lack = record.RootElement.GetProperty("plateau_not_enough").GetProperty("text").GetString();
        Assert.That(lack, Does.StartWith("not enough"), "three passes over one input are too few for k = 3 neighbours");

        using var shown = JsonDocument.Parse(Cli.Run(small.Folder, "show", three.LinkedPaper, "--json", "--db", small.Path).Out);
        var link = shown.RootElement.GetProperty("study_passes").EnumerateArray().Single();
        Assert.That(link.GetProperty("plateau_score").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(link.GetProperty("plateau_not_enough").GetProperty("text").GetString(), Is.EqualTo(lack));
        var text = Cli.Run(small.Folder, env => env with { Columns = 400 }, "show", three.LinkedPaper, "--db", small.Path);
        Assert.That(text.Out, Does.Contain($"ranked 2nd of 3 by net_pnl (15), plateau score: {lack}. The pass: "));
    }

    [Test]
    public void A_run_no_pass_ran_and_a_pass_itself_name_no_study()
    {
        using var lone = Json("show", files.LonePaper, "--json");
        Assert.That(lone.RootElement.GetProperty("study_passes").GetArrayLength(), Is.Zero);
        using var backtest = Json("show", files.Passes[3], "--json");
        Assert.That(backtest.RootElement.GetProperty("study_passes").GetArrayLength(), Is.Zero);
        Assert.That(Cli.Run(db.Folder, "show", files.LonePaper, "--db", db.Path).Out, Does.Not.Contain("From study"));
    }

    [Test]
    [Category("Browser")]
    public async Task The_report_of_a_linked_run_has_a_journal_section_with_its_pass_and_notes()
    {
        using var copy = new TempDatabase("sweep.db");
        File.Copy(db.Path, copy.Path);
        Assert.That(Cli.Run(copy.Folder, "note", files.LinkedPaper, "live <soon> & cheaper", "--db", copy.Path).ExitCode, Is.EqualTo(0));
        Assert.That(Cli.Run(copy.Folder, "tag", files.LinkedPaper, "+keep", "--db", copy.Path).ExitCode, Is.EqualTo(0));

        var report = Cli.Run(copy.Folder, "report", files.LinkedPaper, files.LonePaper, "-o", copy.Sibling("r.html"), "--db", copy.Path);
        Assert.That(report.ExitCode, Is.EqualTo(0), report.ToString());
        var plain = Cli.Run(db.Folder, "report", files.LonePaper, "-o", copy.Sibling("lone.html"), "--db", db.Path);
        Assert.That(plain.ExitCode, Is.EqualTo(0));
        await using var browser = await Server.DevToolsBrowser.StartAsync(copy.Sibling("browser-profile"), width: 1280, height: 1000);
        await SavedReport.Open(browser, copy.Sibling("r.html"), "report");
        var section = (string)(await browser.Evaluate("[...document.querySelectorAll('.journal-of')].map(j => j.dataset.run + ': ' + j.textContent).join('\\n')"))!;
        Assert.That(section, Does.StartWith(files.LinkedPaper + ": ").And.Contain("ranked 3rd of 6 by net_pnl (").And.Contain("live <soon> & cheaper"));
        Assert.That(await SavedReport.Texts(browser, $".journal-of[data-run=\"{files.LinkedPaper}\"] .tag[data-tag]"), Is.EqualTo(new[] { "keep" }));
        Assert.That(section, Does.Not.Contain(files.LonePaper), "a run with nothing written and no pass is left out");
        Assert.That(browser.Errors, Is.Empty);

        await SavedReport.Open(browser, copy.Sibling("lone.html"), "report");
        Assert.That((bool)(await browser.Evaluate("document.getElementById('journal-section') === null"))!, Is.True);
    }

    private JsonDocument Json(params string[] args)
    {
        var run = Cli.Run(db.Folder, [.. args, "--db", db.Path]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        return JsonDocument.Parse(run.Out);
    }
}
