using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

/// <summary>
/// The run view's what-if exits in a real headless browser over the demo's "Medium 10/30" backtest: the default ATR
/// grid drawn from GET /api/runs/{id}/whatif (cells and best cell as the API gives them), then a percent grid asked for
/// in the form, with the run's own exits (the demo's 1 % stop and 2 % target) marked. Screenshots: serve-whatif-*.png.
/// </summary>
[TestFixture]
[Category("Browser")]
public sealed class WhatIfPageBrowserTests
{
    [Test]
    public async Task The_grid_is_a_heatmap_with_the_best_cell_and_the_runs_own_exits_marked()
    {
        using var db = DemoFiles.Create();
        var runId = Db.Query<string>(db.Path, "SELECT r.run_id FROM strategy_runs r JOIN strategy_instances i ON i.instance_id = r.instance_id " +
            "WHERE r.run_type = 'BACKTEST' AND i.instance_name = 'Medium 10/30' ORDER BY r.start_utc LIMIT 1").Single();
        await using var server = await TestServer.StartAsync(db.Path);
        await using var browser = await DevToolsBrowser.StartAsync(db.Sibling("browser-profile"), height: 1400);
        await browser.Navigate(new Uri(server.Server.Address, "/#/run/" + runId));
        await browser.WaitFor("window.recorderPage && window.recorderPage.ready && window.recorderPage.whatif && window.recorderPage.whatif.cells", TimeSpan.FromSeconds(60));

        var api = JsonNode.Parse(await server.Client.GetStringAsync($"/api/runs/{runId}/whatif"))!;
        Assert.That(api["cells"]!.AsArray(), Has.Count.EqualTo(25), "the default grid: 5 stops × 5 targets");
        Assert.That((int)(await browser.Evaluate("window.recorderPage.whatif.cells"))!, Is.EqualTo(25));
        Assert.That((int)(await browser.Evaluate("document.querySelectorAll('#whatif-heatmap g.cell').length"))!, Is.EqualTo(25));
        Assert.That((int)(await browser.Evaluate("window.recorderPage.whatif.best"))!, Is.EqualTo((int)api["luck"]!["best_cell"]!));
        Assert.That((int)(await browser.Evaluate("document.querySelectorAll('#whatif-heatmap .best-mark').length"))!, Is.EqualTo(1));
        await browser.Evaluate("document.querySelector('#whatif').scrollIntoView({block: 'start'})");
        await Shot(browser, "whatif-atr");

        // A grid in percent of the entry price: the demo placed its stops 1 % and its targets 2 % away (DemoPlans).
        await browser.Evaluate("document.querySelector('#whatif-stops').value = '0.5%,1%,2%'; document.querySelector('#whatif-targets').value = '1%,2%,4%'; true");
        await browser.Click("#whatif-form button");
        await browser.WaitFor("window.recorderPage.whatif && window.recorderPage.whatif.cells === 9", TimeSpan.FromSeconds(60));
        Assert.That((int)(await browser.Evaluate("document.querySelectorAll('#whatif-heatmap .pick-mark').length"))!, Is.EqualTo(1), "the run's own exits marked");
        var marked = await browser.Evaluate("(() => { const m = document.querySelector('#whatif-heatmap .pick-mark').getBBox(); " +
            "const c = [...document.querySelectorAll('#whatif-heatmap g.cell')].find(g => { const r = g.querySelector('rect').getBBox(); return m.x > r.x && m.x < r.x + r.width && m.y > r.y && m.y < r.y + r.height; }); " +
            "return [c.dataset.x, c.dataset.y]; })()");
        // Column 1 is the 2 % target; rows are drawn with the first stop on top, so y = 3 − 1 − 1 = 1 is the 1 % stop.
        Assert.That(marked!.AsArray().Select(v => (string)v!), Is.EqualTo(new[] { "1", "1" }));
        var percent = JsonNode.Parse(await server.Client.GetStringAsync($"/api/runs/{runId}/whatif?stops=0.5%25,1%25,2%25&targets=1%25,2%25,4%25"))!;
        var cell = percent["cells"]![4]!["figures"]!["net_pnl"]!.GetValue<double>();
        Assert.That((string)(await browser.Evaluate("document.querySelector('#whatif-heatmap g.cell[data-x=\"1\"][data-y=\"1\"] .value').textContent"))!,
            Is.EqualTo(cell.ToString(Math.Abs(cell) >= 100 ? "#,0.#" : "#,0.###", System.Globalization.CultureInfo.InvariantCulture)), "the 1 % / 2 % cell shows the API's net PnL");
        Assert.That((string)(await browser.Evaluate("document.querySelector('#whatif-luck').textContent"))!, Does.Contain($"the 9 cells as passes, the {Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_trades WHERE run_id = @runId AND is_open = 0", new { runId })} trades as periods"), "the backtest's trades, each its own entry");
        await browser.Evaluate("document.querySelector('#whatif').scrollIntoView({block: 'start'})");
        await Shot(browser, "whatif-percent");

        Assert.That(browser.Errors, Is.Empty, server.Log);

        // A bad level is said in words, not drawn; the browser logs the API's 400 for it and nothing else.
        await browser.Evaluate("document.querySelector('#whatif-stops').value = '1x'; true");
        await browser.Click("#whatif-form button");
        await browser.WaitFor("window.recorderPage.whatif && window.recorderPage.whatif.error", TimeSpan.FromSeconds(30));
        Assert.That((string)(await browser.Evaluate("document.querySelector('#whatif-error').textContent"))!, Does.Contain("not an exit level"));
        Assert.That(browser.Errors, Has.All.Contains("400 (Bad Request)").And.All.Contains("stops=1x"), server.Log);
    }

    private static async Task Shot(DevToolsBrowser browser, string name)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "serve-" + name + ".png");
        await browser.Screenshot(path);
        TestContext.AddTestAttachment(path);
    }
}
