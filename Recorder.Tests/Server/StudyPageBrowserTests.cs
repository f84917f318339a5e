using System.Globalization;
using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

/// <summary>
/// The page's Studies view in a real headless browser over the demo's 25-pass study: the heatmap and the line drawn
/// from the API's surfaces (cells counted against it), a hovered cell showing the values the API gives for it, the best
/// pass marked on both (in the screenshot's pixels too), the axis chooser refetching the surface, and the objective
/// chooser judging the study again. Screenshots are
/// saved as serve-study*.png.
/// </summary>
[TestFixture]
[Category("Browser")]
public sealed class StudyPageBrowserTests
{
    private static readonly (int R, int G, int B) Gold = (0xff, 0xd5, 0x4f);
    private static readonly (int R, int G, int B) Pink = (0xff, 0x40, 0x81);
    private TempDatabase db = null!;
    private TestServer server = null!;
    private DevToolsBrowser browser = null!;
    private string studyId = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        db = DemoFiles.Create();
        server = await TestServer.StartAsync(db.Path);
        browser = await DevToolsBrowser.StartAsync(db.Sibling("browser-profile"));
        studyId = (string)(await Get("/api/studies/")).AsArray().Single(s => (string)s!["name"]! == "demo-sweep")!["study_id"]!;
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await browser.DisposeAsync();
        await server.DisposeAsync();
        db.Dispose();
    }

    private async Task<JsonNode> Get(string path) => JsonNode.Parse(await server.Client.GetStringAsync(path))!;

    private async Task<PngImage> Screenshot(string name)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "serve-" + name + ".png");
        await browser.Screenshot(path);
        TestContext.AddTestAttachment(path);
        return PngImage.Read(path);
    }

    private async Task OpenStudy()
    {
        await browser.Navigate(new Uri(server.Server.Address, "/#/studies"));
        await browser.WaitFor("window.recorderPage && window.recorderPage.ready && window.recorderPage.view === 'studies'", TimeSpan.FromSeconds(30));
        Assert.That((int)(await browser.Evaluate("document.querySelectorAll('#studies-table tbody tr').length"))!, Is.EqualTo((await Get("/api/studies/")).AsArray().Count));
        await browser.Click("#studies-table tbody tr");
        await browser.WaitFor($"window.recorderPage.ready && window.recorderPage.view === 'study' && window.recorderPage.shown === '#/study/{studyId}'", TimeSpan.FromSeconds(30));
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

    private static void AssertTip(string tip, JsonNode surface, int index, string objective)
    {
        var cell = surface["cells"]![index]!;
        var count = (int)cell["count"]!;
        Assert.That(tip, Does.Contain($"{surface["x"]!["parameter"]} {surface["x"]!["bins"]![(int)cell["x"]!]!["label"]}"));
        if (surface["y"] is { } y)
        {
            Assert.That(tip, Does.Contain($"{y["parameter"]} {y["bins"]![(int)cell["y"]!]!["label"]}"));
        }

        Assert.That(tip, Does.Contain(count == 1 ? "1 pass" : count + " passes"));
        Assert.That(tip, Does.Contain($"mean {objective} {Fmt((double)cell["mean"]!)}"));
        Assert.That(tip, Does.Contain($"best {Fmt((double)cell["best"]!)}"));
    }

    [Test]
    public async Task The_study_shows_its_heatmap_and_line_from_the_api_with_hover_values_and_the_best_pass_marked()
    {
        await OpenStudy();
        var study = await Get("/api/studies/" + studyId);
        var objective = (string)study["objective"]!;
        var x = (string)study["heatmap"]!["x"]!["parameter"]!;
        var y = (string)study["heatmap"]!["y"]!["parameter"]!;
        var grid = await Get($"/api/studies/{studyId}/surface?x={Uri.EscapeDataString(x)}&y={Uri.EscapeDataString(y)}&objective={objective}");
        var line = await Get($"/api/studies/{studyId}/surface?x={Uri.EscapeDataString(x)}&objective={objective}");
        var best = (string)study["passes"]![0]!["run_id"]!;
        Assert.That((string)grid["best_pass_id"]!, Is.EqualTo(best));

        var cells = grid["cells"]!.AsArray();
        Assert.That((int)(await browser.Evaluate("document.querySelectorAll('#study-heatmap .cell').length"))!, Is.EqualTo(cells.Count));
        Assert.That((int)(await browser.Evaluate("document.querySelectorAll('#study-heatmap .cell:not(.empty)').length"))!, Is.EqualTo(cells.Count(c => (int)c!["count"]! > 0)));
        Assert.That((int)(await browser.Evaluate("document.querySelectorAll('#study-line .point').length"))!, Is.EqualTo(line["cells"]!.AsArray().Count));
        var bestCell = BestCell(grid);
        Assert.That((int)(await browser.Evaluate("+document.querySelector('#study-heatmap .cell.best').dataset.cell"))!, Is.EqualTo(bestCell));
        Assert.That((int)(await browser.Evaluate("document.querySelectorAll('#study-heatmap .cell.best').length"))!, Is.EqualTo(1));
        Assert.That((int)(await browser.Evaluate("+document.querySelector('#study-line .point.best').dataset.cell"))!, Is.EqualTo(BestCell(line)));
        Assert.That((string)(await browser.Evaluate("document.querySelector('#study-passes tbody tr.best-row').dataset.run"))!, Is.EqualTo(best));
        Assert.That((string)(await browser.Evaluate("document.querySelector('#study-passes tbody tr.pick-row').dataset.run"))!, Is.EqualTo((string)study["plateau_pick_run_id"]!));
        Assert.That((string)(await browser.Evaluate("document.querySelector('#study-heatmap-method').textContent"))!,
            Does.Contain(grid["x"]!["method"]!.ToString() == "DistinctValues" ? "one bin per distinct value" : "equal-width bins"));

        // A cell other than the best, and the best one: the tip names its inputs, pass count, mean and best as the API gives.
        var other = cells.Select((c, i) => (c, i)).First(t => (int)t.c!["count"]! > 0 && t.i != bestCell).i;
        AssertTip(await HoverText("study-heatmap", other), grid, other, objective);
        var tip = await HoverText("study-heatmap", bestCell);
        AssertTip(tip, grid, bestCell, objective);
        Assert.That(tip, Does.Contain("best pass of the study"));
        var image = await Screenshot("study");
        var box = await Box($"#study-heatmap [data-cell=\"{bestCell}\"] rect");
        Assert.That(image.CountNear(box.X0, box.Y0, box.X1, box.Y1, Pink, tolerance: 30), Is.GreaterThan(40), "the best cell has its pink frame");
        var plain = await Box($"#study-heatmap [data-cell=\"{other}\"] rect");
        Assert.That(image.CountNear(plain.X0, plain.Y0, plain.X1, plain.Y1, Pink, tolerance: 30), Is.EqualTo(0), "no other cell has it");
        var lineBest = await Box("#study-line .point.best circle");
        Assert.That(image.CountNear(lineBest.X0, lineBest.Y0, lineBest.X1, lineBest.Y1, Gold, tolerance: 30), Is.GreaterThan(10), "the best point is gold");
        AssertTip(await HoverText("study-line", BestCell(line)), line, BestCell(line), objective);
        Assert.That(browser.Errors, Is.Empty, server.Log);
    }

    [Test]
    public async Task Choosing_another_objective_judges_the_study_by_it()
    {
        await OpenStudy();
        var study = await Get("/api/studies/" + studyId);
        var own = (string)study["objective"]!;
        var offered = (await browser.Evaluate("[...document.querySelectorAll('#study-objective option')].map(o => o.value)"))!.AsArray().Select(n => (string)n!).ToList();
        Assert.That(offered, Is.EqualTo(study["objectives"]!.AsArray().Select(n => (string)n!)), "the chooser offers what the API accepts");
        Assert.That((string)(await browser.Evaluate("document.querySelector('#study-objective').value"))!, Is.EqualTo(own));

        // An objective whose best pass is not the study's own best, so the page visibly judges again.
        string? chosen = null;
        JsonNode judged = study;
        foreach (var key in offered.Where(k => k != own))
        {
            judged = await Get($"/api/studies/{studyId}?objective={key}");
            if ((string)judged["passes"]![0]!["run_id"]! != (string)study["passes"]![0]!["run_id"]!)
            {
                chosen = key;
                break;
            }
        }

        Assert.That(chosen, Is.Not.Null, "the demo's study has an objective with another best pass");
        await browser.Evaluate($"(() => {{ const s = document.querySelector('#study-objective'); s.value = '{chosen}'; s.dispatchEvent(new Event('change')); return true; }})()");
        await browser.WaitFor($"window.recorderPage.ready && window.recorderPage.study && window.recorderPage.study.objective === '{chosen}'", TimeSpan.FromSeconds(30));

        var runs = (await browser.Evaluate("[...document.querySelectorAll('#study-passes tbody tr')].map(r => r.dataset.run)"))!.AsArray().Select(n => (string)n!).ToList();
        Assert.That(runs, Is.EqualTo(judged["passes"]!.AsArray().Select(p => (string)p!["run_id"]!)), "the passes in the chosen objective's order");
        Assert.That((string)(await browser.Evaluate("document.querySelector('#study-passes tbody tr.best-row').dataset.run"))!, Is.EqualTo(runs[0]));
        Assert.That((string)(await browser.Evaluate("document.querySelector('#study-passes tbody tr.pick-row').dataset.run"))!, Is.EqualTo((string)judged["plateau_pick_run_id"]!));
        Assert.That((string)(await browser.Evaluate("document.querySelector('#study-best .k').textContent"))!, Is.EqualTo($"best pass ({chosen})"));
        var x = (string)judged["heatmap"]!["x"]!["parameter"]!;
        var y = (string)judged["heatmap"]!["y"]!["parameter"]!;
        var grid = await Get($"/api/studies/{studyId}/surface?x={Uri.EscapeDataString(x)}&y={Uri.EscapeDataString(y)}&objective={chosen}");
        Assert.That((int)(await browser.Evaluate("+document.querySelector('#study-heatmap .cell.best').dataset.cell"))!, Is.EqualTo(BestCell(grid)), "the surface judged by it");
        AssertTip(await HoverText("study-heatmap", BestCell(grid)), grid, BestCell(grid), chosen!);
        await Screenshot("study-objective");
        Assert.That(browser.Errors, Is.Empty, server.Log);
    }

    [Test]
    public async Task Choosing_another_input_for_x_refetches_the_surfaces_over_it()
    {
        await OpenStudy();
        var study = await Get("/api/studies/" + studyId);
        var x = (string)study["heatmap"]!["x"]!["parameter"]!;
        var y = (string)study["heatmap"]!["y"]!["parameter"]!;
        await browser.Evaluate($"(() => {{ const s = document.querySelector('#study-x'); s.value = {System.Text.Json.JsonSerializer.Serialize(y)}; s.dispatchEvent(new Event('change')); return true; }})()");
        await browser.WaitFor($"window.recorderPage.ready && window.recorderPage.study.x === {System.Text.Json.JsonSerializer.Serialize(y)}", TimeSpan.FromSeconds(30));
        Assert.That((string)(await browser.Evaluate("document.querySelector('#study-y').value"))!, Is.EqualTo(x), "the axes swapped");

        var objective = (string)study["objective"]!;
        var grid = await Get($"/api/studies/{studyId}/surface?x={Uri.EscapeDataString(y)}&y={Uri.EscapeDataString(x)}&objective={objective}");
        var line = await Get($"/api/studies/{studyId}/surface?x={Uri.EscapeDataString(y)}&objective={objective}");
        var ticks = (await browser.Evaluate("[...document.querySelectorAll('#study-line .tick')].map(t => t.textContent)"))!.AsArray().Select(n => (string)n!).ToList();
        Assert.That(ticks, Is.SupersetOf(line["x"]!["bins"]!.AsArray().Select(b => (string)b!["label"]!)));
        Assert.That((string)(await browser.Evaluate("document.querySelector('#study-line .axis').textContent"))!, Is.EqualTo(y));
        Assert.That((int)(await browser.Evaluate("+document.querySelector('#study-heatmap .cell.best').dataset.cell"))!, Is.EqualTo(BestCell(grid)));
        var index = grid["cells"]!.AsArray().Select((c, i) => (c, i)).Last(t => (int)t.c!["count"]! > 0).i;
        AssertTip(await HoverText("study-heatmap", index), grid, index, objective);
        await Screenshot("study-swapped");
        Assert.That(browser.Errors, Is.Empty, server.Log);
    }
}
