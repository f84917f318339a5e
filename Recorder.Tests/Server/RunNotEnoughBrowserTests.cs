using NUnit.Framework;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

/// <summary>
/// The run view's table of every metric says "not enough time (n days; needs 365)" where a run is too short for its
/// annual growth (docs/metrics.md, "PnL and returns").
/// </summary>
[TestFixture]
[Category("Browser")]
public sealed class RunNotEnoughBrowserTests
{
    private TempDatabase db = null!;
    private TestServer server = null!;
    private DevToolsBrowser browser = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        db = DemoFiles.Create();
        server = await TestServer.StartAsync(db.Path);
        browser = await DevToolsBrowser.StartAsync(db.Sibling("browser-profile"));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await browser.DisposeAsync();
        await server.DisposeAsync();
        db.Dispose();
    }

    [Test]
    public async Task A_run_shorter_than_a_year_says_it_is_not_enough_time_for_its_annual_growth()
    {
        // The demo's runs last days to three months: none is long enough to compound to a year.
        var runId = Db.Scalar<string>(db.Path, "SELECT run_id FROM strategy_runs WHERE run_type = 'PAPER' ORDER BY start_utc, run_id LIMIT 1");
        var notes = Db.Scalar<string>(db.Path, "SELECT metrics_json FROM strategy_runs WHERE run_id = @runId", new { runId });
        await browser.Navigate(new Uri(server.Server.Address, "/#/run/" + runId));
        await browser.WaitFor($"window.recorderPage && window.recorderPage.ready && window.recorderPage.view === 'run' && window.recorderPage.shown === '#/run/{runId}'", TimeSpan.FromSeconds(30));

        var shown = (string)(await browser.Evaluate("[...document.querySelectorAll('#all-metrics tr')].find(r => r.cells[0] && r.cells[0].querySelector('[data-key=\"cagr_pct\"]')).cells[1].textContent"))!;
        Assert.That(shown, Does.Match(@"^not enough time \(\d+ days; needs 365\)$"));
        Assert.That(notes, Does.Contain("cagr_pct: " + shown));
        Assert.That(browser.Errors, Is.Empty, server.Log);
    }
}
