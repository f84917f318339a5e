using NUnit.Framework;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

/// <summary>
/// The run view of a run without bars and of a run with two symbols, in a real headless browser: no buy-and-hold
/// figure or line, and the reason said in words (serve-run-no-benchmark-*.png).
/// </summary>
[TestFixture]
[Category("Browser")]
public sealed class PageBenchmarkBrowserTests
{
    [Test]
    public async Task A_run_without_bars_or_with_two_symbols_says_so_instead_of_a_figure()
    {
        using var db = new TempDatabase();
        var (noBars, twoSymbols) = BenchmarkRuns.Record(db);
        await using var server = await TestServer.StartAsync(db.Path);
        await using var browser = await DevToolsBrowser.StartAsync(db.Sibling("browser-profile"), height: 1000);
        foreach (var (runId, name, why) in new[] { (noBars, "no-bars", "no bars recorded"), (twoSymbols, "two-symbols", "2 symbols (ES, NQ), no single instrument to hold") })
        {
            await browser.Navigate(new Uri(server.Server.Address, "/#/run/" + runId));
            await browser.WaitFor($"window.recorderPage && window.recorderPage.ready && window.recorderPage.view === 'run' && window.recorderPage.shown === '#/run/{runId}'", TimeSpan.FromSeconds(30));
            Assert.That((string)(await browser.Evaluate("document.querySelector('#benchmark-missing').textContent"))!, Is.EqualTo("Buy-and-hold: " + why + "."));
            Assert.That((int)(await browser.Evaluate("document.querySelectorAll('#benchmark .card').length"))!, Is.EqualTo(0), "no figure");
            Assert.That((int)(await browser.Evaluate("document.querySelectorAll('#benchmark-legend').length"))!, Is.EqualTo(0), "no line in the legend");
            Assert.That((int)(await browser.Evaluate("window.recorderPage.benchmarkPoints || 0"))!, Is.EqualTo(0), "no line drawn");
            await browser.Evaluate("document.querySelector('#benchmark').scrollIntoView({block: 'center'})");
            var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "serve-run-no-benchmark-" + name + ".png");
            await browser.Screenshot(path);
            TestContext.AddTestAttachment(path);
        }

        Assert.That(browser.Errors, Is.Empty, server.Log);
    }
}
