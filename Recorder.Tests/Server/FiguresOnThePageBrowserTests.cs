using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

/// <summary>
/// Figures on the page that say what they are (docs/metrics.md): the run view's drawdown axis marks the run's
/// <c>max_drawdown</c> (marked to market), not where the curve ends; its table of every metric says "not enough time (n
/// days; needs 365)" where a run is too short for its annual growth; the study's plateau pick card says its rule.
/// One demo, one server and one browser for the three.
/// </summary>
[TestFixture]
[Category("Browser")]
public sealed class FiguresOnThePageBrowserTests
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
    public async Task The_drawdown_axis_marks_the_deepest_drawdown_the_runs_metric()
    {
        // A backtest whose drawdown at its end is not its deepest, so the two readings differ.
        var runId = Db.Scalar<string>(db.Path, """
            SELECT m.run_id FROM v_run_metrics m JOIN strategy_runs r ON r.run_id = m.run_id
            WHERE m.key = 'max_drawdown' AND r.run_type = 'BACKTEST'
              AND m.value > (SELECT e.drawdown FROM run_equity e WHERE e.run_id = m.run_id ORDER BY e.seq DESC LIMIT 1) + 1
            ORDER BY r.start_utc, r.run_id LIMIT 1
            """);
        var stored = Db.Scalar<double>(db.Path, "SELECT value FROM v_run_metrics WHERE run_id = @runId AND key = 'max_drawdown'", new { runId });
        await browser.Navigate(new Uri(server.Server.Address, "/#/run/" + runId));
        await browser.WaitFor($"window.recorderPage && window.recorderPage.ready && window.recorderPage.view === 'run' && window.recorderPage.shown === '#/run/{runId}'", TimeSpan.FromSeconds(30));

        Assert.That((double)(await browser.Evaluate("window.recorderPage.maxDrawdown"))!, Is.EqualTo(stored).Within(1e-6));
        await browser.Evaluate("document.querySelector('#equity-chart').scrollIntoView({block: 'center'})");
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "serve-run-drawdown.png");
        await browser.Screenshot(path);
        TestContext.AddTestAttachment(path);
        Assert.That(browser.Errors, Is.Empty, server.Log);
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

    [Test]
    public async Task The_plateau_pick_card_says_its_rule()
    {
        var studies = JsonNode.Parse(await server.Client.GetStringAsync("/api/studies/"))!.AsArray();
        var studyId = (string)studies.Single(s => (string)s!["name"]! == "demo-sweep")!["study_id"]!;
        await browser.Navigate(new Uri(server.Server.Address, "/#/study/" + studyId));
        await browser.WaitFor($"window.recorderPage && window.recorderPage.ready && window.recorderPage.view === 'study' && window.recorderPage.shown === '#/study/{studyId}'", TimeSpan.FromSeconds(30));

        var card = (string)(await browser.Evaluate("document.querySelector('#study-pick').textContent"))!;
        Assert.That(card, Does.Contain("The pick is the best plateau score among the passes whose own sharpe is at least as good as their score"));
        await browser.Evaluate("document.querySelector('#study-pick').scrollIntoView({block: 'center'})");
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "serve-study-pick.png");
        await browser.Screenshot(path);
        TestContext.AddTestAttachment(path);
        Assert.That(browser.Errors, Is.Empty, server.Log);
    }
}
