using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Tests.Server;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// A saved report of a paper run and the backtest of its instance over the same period, in a real headless browser
/// with the network off: the reconciliation is on the page as the embedded JSON holds it (its bridge adds up to the
/// difference as shown), the equity of both runs is drawn in their colours on one calendar and nothing fails to load. Screenshots report-forward-*.png in the test's work folder.
/// </summary>
[TestFixture]
[Category("Browser")]
public sealed class ReportForwardBrowserTests
{
    private TempDatabase db = null!;
    private DevToolsBrowser browser = null!;
    private JsonNode tearsheet = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        db = DemoFiles.Create();
        var pair = Db.Query<(string Run, string Backtest)>(db.Path,
            "SELECT f.run_id AS Run, b.run_id AS Backtest FROM strategy_runs f JOIN strategy_runs b ON b.instance_id = f.instance_id AND b.run_type = 'BACKTEST' AND b.start_utc <= f.start_utc AND b.end_utc >= f.end_utc WHERE f.run_type = 'PAPER'")[0];
        var report = Cli.Run(db.Folder, "report", pair.Run, pair.Backtest, "--db", db.Path, "-o", "forward.html");
        Assert.That(report.ExitCode, Is.EqualTo(0), report.ToString());
        tearsheet = SavedReport.Tearsheet(SavedReport.Snapshot(File.ReadAllText(db.Sibling("forward.html"))));
        browser = await DevToolsBrowser.StartAsync(db.Sibling("browser-profile"), width: 1280, height: 1000);
        await SavedReport.Open(browser, db.Sibling("forward.html"), "report");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await browser.DisposeAsync();
        db.Dispose();
    }

    [Test]
    public async Task Reconciliation_bridge_is_shown_and_its_rows_add_up()
    {
        await browser.Evaluate("document.querySelector('#reconciliation').scrollIntoView({block: 'start'})");
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "report-forward-reconciliation.png");
        await browser.Screenshot(path);
        TestContext.AddTestAttachment(path);
        var rows = (await browser.Evaluate("[...document.querySelectorAll('table.bridge tr[data-part]')].map(r => [r.dataset.part, Number(r.dataset.value), r.offsetHeight > 0])"))!.AsArray();
        Assert.That(rows, Has.Count.EqualTo(9));
        Assert.That(rows.Select(r => (bool)r![2]!), Has.All.True, "every row is visible");
        var values = rows.ToDictionary(r => (string)r![0]!, r => (double)r![1]!);
        var parts = values.Where(v => v.Key is not ("backtest_net_pnl" or "forward_net_pnl")).Sum(v => v.Value);
        Assert.That(parts, Is.EqualTo(values["forward_net_pnl"] - values["backtest_net_pnl"]).Within(1e-6));
        // The embedded JSON's bridge, row by row, and its counts.
        var saved = tearsheet["reconciliations"]![0]!;
        var bridge = saved["bridge"]!;
        Assert.That(values["backtest_net_pnl"], Is.EqualTo((double)bridge["backtest_net_pnl"]!));
        Assert.That(values["forward_net_pnl"], Is.EqualTo((double)bridge["forward_net_pnl"]!));
        Assert.That(values.Where(v => v.Key is not ("backtest_net_pnl" or "forward_net_pnl")), Is.EquivalentTo(bridge["parts"]!.AsObject().Select(p => KeyValuePair.Create(p.Key, (double)p.Value!))));
        Assert.That((string)(await browser.Evaluate("document.querySelector('.reconciliation .counts b.matched').textContent"))!, Is.EqualTo(((int)saved["matched"]!).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(browser.Errors, Is.Empty);
    }

    [Test]
    public async Task Equity_of_both_runs_is_drawn_on_the_calendar()
    {
        await browser.Evaluate("document.querySelector('[data-chart=\"equity-chart\"]').scrollIntoView({block: 'start'})");
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "report-forward-equity.png");
        await browser.Screenshot(path);
        TestContext.AddTestAttachment(path);
        var image = PngImage.Read(path);
        var r = (await browser.Evaluate("(() => { const r = document.querySelector('#equity-chart').getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })()"))!;
        foreach (var colour in new[] { (0x4e, 0x79, 0xa7), (0xe1, 0x57, 0x59) })
        {
            Assert.That(image.CountNear((int)(double)r[0]!, (int)(double)r[1]!, (int)(double)r[2]!, (int)(double)r[3]!, colour, tolerance: 24), Is.GreaterThan(50), $"run colour {colour}");
        }

        Assert.That((bool)tearsheet["calendar"]!, Is.True, "same period: one calendar");
        Assert.That((string)(await browser.Evaluate("document.querySelector('[data-chart=\"equity-chart\"] figcaption').textContent"))!, Is.EqualTo("time (UTC)"));
        Assert.That(browser.Errors, Is.Empty);
    }
}
