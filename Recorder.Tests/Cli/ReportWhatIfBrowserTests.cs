using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Tests.Server;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// The saved report's what-if section in a real headless browser, the network off: per run the page's heatmap of the
/// default ATR grid (whatif.js and surface.js, from the saved GET /api/runs/{id}/whatif) whose cells are the figures
/// `recorder whatif --json` gives for the same grid, the best cell framed pink (in the screenshot's pixels too), the
/// run's own exits marked. Screenshot: report-whatif.png.
/// </summary>
[TestFixture]
[Category("Browser")]
public sealed class ReportWhatIfBrowserTests
{
    private static readonly (int R, int G, int B) Pink = (0xff, 0x40, 0x81);

    [Test]
    public async Task Each_run_has_its_grid_as_a_heatmap_with_the_best_cell_and_its_own_exits_marked()
    {
        using var db = DemoFiles.Create();
        var runId = DemoFiles.TraderRuns(db.Path, "BACKTEST")[1];
        var report = Cli.Run(db.Folder, "report", runId, "--db", db.Path, "-o", "report.html");
        Assert.That(report.ExitCode, Is.EqualTo(0), report.ToString());
        var json = Cli.Run(db.Folder, "whatif", runId, "--stops", "0.5atr,1atr,1.5atr,2atr,3atr", "--targets", "1atr,1.5atr,2atr,3atr,4atr", "--json", "--db", db.Path);
        Assert.That(json.ExitCode, Is.EqualTo(0), json.ToString());
        using var record = JsonDocument.Parse(json.Out);
        var cells = record.RootElement.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("figures").GetProperty("net_pnl").GetDouble()).ToList();
        var best = record.RootElement.GetProperty("luck").GetProperty("best_cell").GetInt32();

        await using var browser = await DevToolsBrowser.StartAsync(db.Sibling("browser-profile"), width: 1280, height: 1000);
        await SavedReport.Open(browser, db.Sibling("report.html"), "report");
        var holder = $".whatif-of[data-run=\"{runId}\"] #whatif-heatmap";
        Assert.That((int)(await browser.Evaluate($"document.querySelectorAll('{holder} g.cell').length"))!, Is.EqualTo(25), "the default grid: 5 stops × 5 targets");
        Assert.That((int)(await browser.Evaluate($"window.recorderPage.whatifs['{runId}'].best"))!, Is.EqualTo(best));
        // Each cell shows the net PnL `recorder whatif` gives for it: targets across, the first stop on top.
        var shown = (await browser.Evaluate($"[...document.querySelectorAll('{holder} g.cell')].map(g => [+g.dataset.x, +g.dataset.y, g.querySelector('.value').textContent])"))!.AsArray();
        foreach (var cell in shown)
        {
            var index = ((4 - (int)cell![1]!) * 5) + (int)cell[0]!;
            Assert.That((string)cell[2]!, Is.EqualTo(cells[index].ToString(Math.Abs(cells[index]) >= 100 ? "#,0.#" : "#,0.###", System.Globalization.CultureInfo.InvariantCulture)), $"cell {index}");
        }

        Assert.That((int)(await browser.Evaluate($"document.querySelectorAll('{holder} .best-mark').length"))!, Is.EqualTo(1));
        Assert.That((int)(await browser.Evaluate($"document.querySelectorAll('{holder} .pick-mark').length"))!, Is.EqualTo(1), "the run's own exits marked");
        Assert.That((string)(await browser.Evaluate($"document.querySelector('.whatif-of[data-run=\"{runId}\"] #whatif-luck').textContent"))!, Does.StartWith("Is the best cell luck? PBO "));
        Assert.That((bool)(await browser.Evaluate($"document.querySelector('.whatif-of[data-run=\"{runId}\"] #whatif-form').hidden"))!, Is.True, "no other grid in a saved page");

        var image = await SavedReport.Shot(browser, "whatif", $".whatif-of[data-run=\"{runId}\"]");
        var box = await SavedReport.Box(browser, $"{holder} g.cell.best rect");
        Assert.That(image.CountNear(box.X0 - 3, box.Y0 - 3, box.X1 + 3, box.Y1 + 3, Pink, tolerance: 30), Is.GreaterThan(40), "the best cell's pink frame is drawn");
        Assert.That(browser.Errors, Is.Empty);
    }
}
