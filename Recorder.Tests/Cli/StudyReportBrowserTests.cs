using System.Globalization;
using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Tests.Server;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// `recorder report --study` in a real headless browser, opened from disk with the network off: the page's study view
/// with the heatmap and the line drawn from the surfaces `recorder study --json` gives (cells counted against them), a
/// hovered cell showing its values, the best pass marked on both (in the screenshot's pixels too), the figures saying
/// what they stand on, and the axis chooser switching the surfaces.
/// Screenshots: report-study*.png in the test's work folder.
/// </summary>
[TestFixture]
[Category("Browser")]
public sealed class StudyReportBrowserTests
{
    private static readonly (int R, int G, int B) Gold = (0xff, 0xd5, 0x4f);
    private static readonly (int R, int G, int B) Pink = (0xff, 0x40, 0x81);
    private TempDatabase db = null!;
    private DevToolsBrowser browser = null!;
    private JsonNode study = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        db = DemoFiles.Create();
        var report = Cli.Run(db.Folder, "report", "--study", "demo-sweep", "--db", db.Path, "-o", "study.html");
        Assert.That(report.ExitCode, Is.EqualTo(0), report.ToString());
        study = JsonNode.Parse(Cli.Run(db.Folder, "study", "demo-sweep", "--json", "--db", db.Path).Out)!;
        browser = await DevToolsBrowser.StartAsync(db.Sibling("browser-profile"), width: 1280, height: 1400);
    }

    // Each test opens the file afresh: a chooser changed by one does not carry into the next.
    [SetUp]
    public async Task Open()
    {
        await SavedReport.Open(browser, db.Sibling("study.html"), "study");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await browser.DisposeAsync();
        db.Dispose();
    }

    private async Task<PngImage> Screenshot(string name)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "report-" + name + ".png");
        await browser.Screenshot(path);
        TestContext.AddTestAttachment(path);
        return PngImage.Read(path);
    }

    private async Task<(int X0, int Y0, int X1, int Y1)> Box(string selector)
    {
        var r = (await browser.Evaluate($"(() => {{ const r = document.querySelector('{selector}').getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }})()"))!;
        return ((int)(double)r[0]!, (int)(double)r[1]!, (int)(double)r[2]!, (int)(double)r[3]!);
    }

    private static string Fmt(double v) => Math.Round(v, Math.Abs(v) >= 100 ? 1 : 3, MidpointRounding.AwayFromZero).ToString("#,##0.###", CultureInfo.InvariantCulture);

    private static int BestCell(JsonNode surface) =>
        surface["cells"]!.AsArray().Select((c, i) => (c, i)).Single(t => (string?)t.c!["best_pass_id"] == (string)surface["best_pass_id"]!).i;

    private async Task<string> HoverText(string holder, int cell)
    {
        await browser.Hover($"#{holder} [data-cell=\"{cell}\"] rect");
        await browser.WaitFor($"document.querySelector('#{holder}').dataset.hovered === '{cell}' && !document.querySelector('#{holder} .surface-tip').hidden", TimeSpan.FromSeconds(10));
        return (string)(await browser.Evaluate($"document.querySelector('#{holder} .surface-tip').textContent"))!;
    }

    private static void AssertTip(string tip, JsonNode surface, int index)
    {
        var cell = surface["cells"]![index]!;
        var count = (int)cell["count"]!;
        Assert.That(tip, Does.Contain($"{surface["x"]!["parameter"]} {surface["x"]!["bins"]![(int)cell["x"]!]!["label"]}"));
        if (surface["y"] is { } y)
        {
            Assert.That(tip, Does.Contain($"{y["parameter"]} {y["bins"]![(int)cell["y"]!]!["label"]}"));
        }

        Assert.That(tip, Does.Contain(count == 1 ? "1 pass" : count + " passes"));
        Assert.That(tip, Does.Contain($"mean sharpe {Fmt((double)cell["mean"]!)}"));
    }

    [Test]
    public async Task The_study_report_draws_the_surfaces_of_the_study_offline_with_hover_values_and_the_best_pass_marked()
    {
        Assert.That((int)(await browser.Evaluate("performance.getEntriesByType('resource').length"))!, Is.EqualTo(0), "nothing fetched");
        var grid = study["heatmap"]!;
        var x = (string)grid["x"]!["parameter"]!;
        var line = study["lines"]!.AsArray().Single(l => (string)l!["x"]!["parameter"]! == x)!;
        Assert.That((string)grid["best_pass_id"]!, Is.EqualTo((string)study["passes"]![0]!["run_id"]!));
        var cells = grid["cells"]!.AsArray();
        Assert.That((int)(await browser.Evaluate("document.querySelectorAll('#study-heatmap .cell').length"))!, Is.EqualTo(cells.Count));
        Assert.That((int)(await browser.Evaluate("document.querySelectorAll('#study-heatmap .cell:not(.empty)').length"))!, Is.EqualTo(cells.Count(c => (int)c!["count"]! > 0)));
        Assert.That((int)(await browser.Evaluate("document.querySelectorAll('#study-line .point').length"))!, Is.EqualTo(line["cells"]!.AsArray().Count));
        var bestCell = BestCell(grid);
        Assert.That((int)(await browser.Evaluate("+document.querySelector('#study-heatmap .cell.best').dataset.cell"))!, Is.EqualTo(bestCell));
        Assert.That((int)(await browser.Evaluate("+document.querySelector('#study-line .point.best').dataset.cell"))!, Is.EqualTo(BestCell(line)));
        Assert.That((string)(await browser.Evaluate("document.querySelector('#study-passes tr.best-row').dataset.run"))!, Is.EqualTo((string)grid["best_pass_id"]!));
        Assert.That((int)(await browser.Evaluate("document.querySelectorAll('#study-passes tr[data-run]').length"))!, Is.EqualTo(study["passes"]!.AsArray().Count));

        var other = cells.Select((c, i) => (c, i)).First(t => (int)t.c!["count"]! > 0 && t.i != bestCell).i;
        AssertTip(await HoverText("study-heatmap", other), grid, other);
        var tip = await HoverText("study-heatmap", bestCell);
        AssertTip(tip, grid, bestCell);
        Assert.That(tip, Does.Contain("best pass of the study"));
        var image = await Screenshot("study");
        var box = await Box($"#study-heatmap [data-cell=\"{bestCell}\"] rect");
        Assert.That(image.CountNear(box.X0, box.Y0, box.X1, box.Y1, Pink, tolerance: 30), Is.GreaterThan(40), "the best cell has its pink frame");
        var plain = await Box($"#study-heatmap [data-cell=\"{other}\"] rect");
        Assert.That(image.CountNear(plain.X0, plain.Y0, plain.X1, plain.Y1, Pink, tolerance: 30), Is.EqualTo(0), "no other cell has it");
        var lineBest = await Box("#study-line .point.best circle");
        Assert.That(image.CountNear(lineBest.X0, lineBest.Y0, lineBest.X1, lineBest.Y1, Gold, tolerance: 30), Is.GreaterThan(10), "the best point is gold");
        Assert.That(browser.Errors, Is.Empty);
    }

    [Test]
    public async Task The_figures_say_what_they_stand_on_as_the_study_record_gives_them()
    {
        var pick = study["passes"]!.AsArray().Single(p => (bool)p!["plateau_pick"]!)!;
        var averaged = (int)pick["plateau_passes"]!;
        // The plateau's passes (the pass included), the deflated Sharpe's trials and returns, PBO's blocks and period.
        Assert.That((string)(await browser.Evaluate("document.querySelector('#study-pick-on').textContent"))!, Does.Contain($"the mean of {averaged} passes (itself and its {averaged - 1} nearest)"));
        Assert.That((string)(await browser.Evaluate("document.querySelector('#study-dsr-on').textContent"))!, Does.Contain("25 trials: the passes of study \"demo-sweep\" over 2026-01-04 → 2026-04-01"));
        Assert.That((string)(await browser.Evaluate("document.querySelector('#study-pbo-on').textContent"))!, Does.Contain("16 blocks of 5 daily returns (the oldest 8 of 88 left out)").And.Contain("365 days"));
        Assert.That((string)(await browser.Evaluate("document.querySelector('#study-pbo .v').textContent"))!,
            Is.EqualTo(((double)study["overfitting"]!["probability"]! * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %"));
        Assert.That((bool)(await browser.Evaluate("document.querySelector('#study-objective').disabled"))!, Is.True, "a saved study is judged by one objective");
        await Screenshot("study-figures");
        Assert.That(browser.Errors, Is.Empty);
    }

    [Test]
    public async Task The_axis_chooser_switches_to_the_surfaces_over_the_other_input()
    {
        var x = (string)study["heatmap"]!["x"]!["parameter"]!;
        var y = (string)study["heatmap"]!["y"]!["parameter"]!;
        await browser.Evaluate($"(() => {{ const s = document.querySelector('#study-x'); s.value = {System.Text.Json.JsonSerializer.Serialize(y)}; s.dispatchEvent(new Event('change')); return true; }})()");
        await browser.WaitFor($"window.recorderPage.study.x === {System.Text.Json.JsonSerializer.Serialize(y)} && window.recorderPage.study.y === {System.Text.Json.JsonSerializer.Serialize(x)}", TimeSpan.FromSeconds(10));
        var swapped = JsonNode.Parse(Cli.Run(db.Folder, "study", "demo-sweep", "--json", "--x", y, "--y", x, "--db", db.Path).Out)!["heatmap"]!;
        Assert.That((string)(await browser.Evaluate("document.querySelector('#study-line .axis').textContent"))!, Is.EqualTo(y));
        Assert.That((int)(await browser.Evaluate("+document.querySelector('#study-heatmap .cell.best').dataset.cell"))!, Is.EqualTo(BestCell(swapped)));
        var index = swapped["cells"]!.AsArray().Select((c, i) => (c, i)).Last(t => (int)t.c!["count"]! > 0).i;
        AssertTip(await HoverText("study-heatmap", index), swapped, index);
        await Screenshot("study-swapped");
        Assert.That(browser.Errors, Is.Empty);
    }
}
