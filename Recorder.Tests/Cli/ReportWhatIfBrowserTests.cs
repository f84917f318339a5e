using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Tests.Server;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// The report's what-if section in a real headless browser: per run a heatmap table of the default ATR grid whose
/// cells are the figures `recorder whatif --json` gives for the same grid, the best cell ★ framed pink (in the
/// screenshot's pixels too), the run's own exits marked. Screenshot: report-whatif.png.
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
        await browser.Navigate(new Uri(db.Sibling("report.html")));
        await browser.WaitFor("window.recorderReport && window.recorderReport.ready", TimeSpan.FromSeconds(60));
        var shown = (await browser.Evaluate("[...document.querySelectorAll('table.whatif td')].map(td => td.textContent)"))!.AsArray().Select(n => (string)n!).ToList();
        Assert.That(shown, Has.Count.EqualTo(25));
        for (var i = 0; i < cells.Count; i++)
        {
            Assert.That(shown[i], Does.StartWith(cells[i].ToString("#,0.00", System.Globalization.CultureInfo.InvariantCulture)), $"cell {i}");
        }

        Assert.That((int)(await browser.Evaluate("[...document.querySelectorAll('table.whatif td')].findIndex(td => td.classList.contains('best'))"))!, Is.EqualTo(best));
        Assert.That(shown[best], Does.Contain("★"));
        Assert.That((int)(await browser.Evaluate("document.querySelectorAll('table.whatif td.actual').length"))!, Is.EqualTo(1), "the run's own exits marked");
        Assert.That((string)(await browser.Evaluate("document.querySelector('.whatif-luck').textContent"))!, Does.StartWith("Is the best cell luck? PBO "));

        await browser.Evaluate("document.querySelector('#whatif').scrollIntoView({block: 'start'})");
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "report-whatif.png");
        await browser.Screenshot(path);
        TestContext.AddTestAttachment(path);
        var box = (await browser.Evaluate("(() => { const r = document.querySelector('table.whatif td.best').getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })()"))!;
        var image = PngImage.Read(path);
        Assert.That(image.CountNear((int)(double)box[0]!, (int)(double)box[1]!, (int)(double)box[2]!, (int)(double)box[3]!, Pink, tolerance: 24), Is.GreaterThan(100), "the best cell's pink frame is drawn");
        Assert.That(browser.Errors, Is.Empty);
    }
}
