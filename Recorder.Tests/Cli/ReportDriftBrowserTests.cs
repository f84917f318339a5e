using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Tests.Server;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// The saved report's drift section in a real headless browser, the network off: each paper run's band is drawn (by
/// the page's drift.js, from the saved GET /api/runs/{id}/drift) with its line over it, the words and the marks agree
/// with `recorder drift --json`; the backtest chooser, which would need the server, is not offered. Screenshot report-drift.png in the test's work folder.
/// </summary>
[TestFixture]
[Category("Browser")]
public sealed class ReportDriftBrowserTests
{
    private TempDatabase db = null!;
    private DevToolsBrowser browser = null!;
    private string fast = "";

    [OneTimeSetUp]
    public async Task Start()
    {
        db = DemoFiles.Create();
        var papers = Db.Query<string>(db.Path, "SELECT run_id FROM strategy_runs WHERE run_type = 'PAPER' ORDER BY start_utc, run_id");
        fast = Db.Scalar<string>(db.Path, """
            SELECT r.run_id FROM strategy_runs r JOIN strategy_instances i USING (instance_id)
            WHERE i.instance_name = 'Fast 5/20' AND r.run_type = 'PAPER'
            """);
        var report = Cli.Run(db.Folder, ["report", .. papers, "--db", db.Path, "-o", "drift.html"]);
        Assert.That(report.ExitCode, Is.EqualTo(0), report.ToString());
        browser = await DevToolsBrowser.StartAsync(db.Sibling("browser-profile"), width: 1280, height: 1000);
        await SavedReport.Open(browser, db.Sibling("drift.html"), "report");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await browser.DisposeAsync();
        db.Dispose();
    }

    [Test]
    public async Task Each_paper_run_has_its_band_drawn_and_the_verdict_of_recorder_drift()
    {
        await browser.Evaluate($"document.querySelector('.drift[data-forward=\"{fast}\"]').scrollIntoView({{block: 'start'}})");
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "report-drift.png");
        await browser.Screenshot(path);
        TestContext.AddTestAttachment(path);

        var json = Cli.Run(db.Folder, "drift", fast, "--json", "--db", db.Path);
        using var drift = JsonDocument.Parse(json.Out);
        var band = drift.RootElement.GetProperty("band").EnumerateArray().ToList();
        var outside = band.Where(p => p.GetProperty("position").GetString() != "Inside").Select(p => p.GetProperty("k").GetInt32()).ToList();

        var shown = (await browser.Evaluate($$"""
            (() => {
              const d = document.querySelector('.drift[data-forward="{{fast}}"]');
              const box = d.querySelector('path.band').getBBox();
              return [d.querySelectorAll('.drift-chart').length, box.width, box.height,
                d.querySelector('polyline.forward').points.numberOfItems, d.querySelector('#drift-verdict').textContent,
                [...d.querySelectorAll('circle.outside')].map(c => Number(c.dataset.k)), document.querySelectorAll('#drift-section ~ .drift').length];
            })()
            """))!.AsArray();
        Assert.That((int)shown[0]!, Is.EqualTo(1), "one chart");
        Assert.That((double)shown[1]!, Is.GreaterThan(600), "the band spans the chart's width");
        Assert.That((double)shown[2]!, Is.GreaterThan(100), "and a good part of its height");
        Assert.That((int)shown[3]!, Is.EqualTo(band.Count + 1), "the forward line has the start and one point per trade");
        Assert.That((string)shown[4]!, Is.EqualTo(drift.RootElement.GetProperty("summary").GetString()));
        Assert.That(shown[5]!.AsArray().Select(k => (int)k!), Is.EqualTo(outside), "the trades outside the band are marked");
        Assert.That((int)shown[6]!, Is.EqualTo(3), "one section per paper run");
        Assert.That((bool)(await browser.Evaluate($"document.querySelector('.drift[data-forward=\"{fast}\"] #drift-form').hidden"))!, Is.True, "no chooser in a saved page");
        Assert.That(browser.Errors, Is.Empty);
    }
}
