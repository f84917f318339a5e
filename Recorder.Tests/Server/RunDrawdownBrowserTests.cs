using NUnit.Framework;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

/// <summary>
/// The run view's drawdown axis labels the run's <c>max_drawdown</c> (marked to market, docs/metrics.md, "Drawdown"),
/// not the drawdown where the curve ends.
/// </summary>
[TestFixture]
[Category("Browser")]
public sealed class RunDrawdownBrowserTests
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
}
