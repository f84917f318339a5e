using System.Globalization;
using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

/// <summary>
/// The run view's drift in a real headless browser over the demo: the "Fast 5/20" paper run's band, median and line
/// read back off the drawn chart through its own axis labels and compared with GET /api/runs/{id}/drift, the trades
/// outside the band marked, the verdict in words; another backtest chosen for "Medium 10/30"; none for a backtest.
/// Screenshots: serve-drift-*.png in the test's work folder.
/// </summary>
[TestFixture]
[Category("Browser")]
public sealed class DriftPageBrowserTests
{
    private const string Drawn = "window.recorderPage && window.recorderPage.ready && window.recorderPage.drift && window.recorderPage.drift.drawn";

    // The chart as drawn: y-axis labels with their heights, x-axis labels with their places, and every shape's points.
    private const string Shapes = """
        (() => {
          const c = document.querySelector('#drift-chart'), xy = (s) => s.trim().split(/\s+/).map(p => p.split(',').map(Number));
          return {
            yTicks: [...c.querySelectorAll('g.y-tick')].map(g => [Number(g.querySelector('text').textContent.replace(/,/g, '')), Number(g.querySelector('line').getAttribute('y1'))]),
            xTicks: [...c.querySelectorAll('text.x-tick')].map(t => [Number(t.textContent), Number(t.getAttribute('x'))]),
            forward: xy(c.querySelector('polyline.forward').getAttribute('points')),
            median: xy(c.querySelector('polyline.median').getAttribute('points')),
            band: c.querySelector('path.band').getAttribute('d').replace(/^M/, '').replace(/Z$/, '').split('L').map(p => p.split(',').map(Number)),
            outside: [...c.querySelectorAll('circle.outside')].map(m => [Number(m.dataset.k), Number(m.getAttribute('cy')), m.classList.contains('below') ? 'Below' : 'Above']),
            verdict: document.querySelector('#drift-verdict').textContent,
          };
        })()
        """;

    [Test]
    public async Task The_band_and_the_runs_line_are_drawn_from_the_api_with_the_trades_outside_marked()
    {
        using var db = DemoFiles.Create();
        await using var server = await TestServer.StartAsync(db.Path);
        await using var browser = await DevToolsBrowser.StartAsync(db.Sibling("browser-profile"), height: 1400);

        var fast = Run(db.Path, "Fast 5/20", "PAPER");
        await browser.Navigate(new Uri(server.Server.Address, "/#/run/" + fast));
        await browser.WaitFor(Drawn, TimeSpan.FromSeconds(60));
        await browser.Evaluate("document.querySelector('#drift-form').scrollIntoView({block: 'start'})");
        await Shot(browser, "drift-fast");

        var api = JsonNode.Parse(await server.Client.GetStringAsync($"/api/runs/{fast}/drift"))!;
        var band = api["band"]!.AsArray().Select(p => p!).ToList();
        var shapes = (await browser.Evaluate(Shapes))!;

        // Pixels back to money through two of the y axis's own labels; every other label must sit on the same line.
        var yTicks = Pairs(shapes["yTicks"]!);
        Assert.That(yTicks, Has.Count.GreaterThanOrEqualTo(3));
        var (v0, y0, v1, y1) = (yTicks[0].A, yTicks[0].B, yTicks[^1].A, yTicks[^1].B);
        double Money(double y) => v0 + ((y - y0) * (v1 - v0) / (y1 - y0));
        var span = Math.Abs(v1 - v0);
        Assert.That(yTicks.Select(t => Money(t.B)), Is.EqualTo(yTicks.Select(t => t.A)).Within(span * 1e-9), "the y labels are one linear scale");

        // And places back to trades through the x axis's labels.
        var xTicks = Pairs(shapes["xTicks"]!);
        double Trade(double x) => xTicks[0].A + ((x - xTicks[0].B) * (xTicks[^1].A - xTicks[0].A) / (xTicks[^1].B - xTicks[0].B));

        var forward = Pairs(shapes["forward"]!);
        Assert.That(forward, Has.Count.EqualTo(band.Count + 1), "the start and one point per trade");
        Assert.That(forward.Select(p => Trade(p.A)), Is.EqualTo(Enumerable.Range(0, band.Count + 1).Select(k => (double)k)).Within(1e-9));
        Assert.That(forward.Select(p => Money(p.B)), Is.EqualTo(band.Select(p => (double)p["forward"]!).Prepend(0)).Within(span * 1e-9));
        Assert.That(Pairs(shapes["median"]!).Select(p => Money(p.B)), Is.EqualTo(band.Select(p => (double)p["median"]!).Prepend(0)).Within(span * 1e-9));

        // The shaded area: from the start along the 95th percentile, back along the 5th.
        var area = Pairs(shapes["band"]!).Select(p => Money(p.B)).ToList();
        var expected = band.Select(p => (double)p["high"]!).Prepend(0).Concat(band.Select(p => (double)p["low"]!).Reverse()).Append(0);
        Assert.That(area, Is.EqualTo(expected).Within(span * 1e-9));

        var outside = band.Where(p => (string)p["position"]! != "Inside").ToList();
        Assert.That(outside, Is.Not.Empty, "the demo's Fast 5/20 paper run leaves its band");
        var marks = shapes["outside"]!.AsArray().Select(m => ((int)m![0]!, Money((double)m[1]!), (string)m[2]!)).ToList();
        Assert.That(marks.Select(m => (m.Item1, m.Item3)), Is.EqualTo(outside.Select(p => ((int)p["k"]!, (string)p["position"]!))));
        Assert.That(marks.Select(m => m.Item2), Is.EqualTo(outside.Select(p => (double)p["forward"]!)).Within(span * 1e-9), "each mark on the run's line");
        Assert.That((string)shapes["verdict"]!, Is.EqualTo((string)api["summary"]!));
        Assert.That((string)(await browser.Evaluate("document.querySelector('#drift-on').textContent"))!,
            Does.Contain($"Against backtest {((string)api["backtest_run"]!)[..8]} (the latest that ended before this run's first trade)").And.Contain($"from its {Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_trades WHERE run_id = @id AND is_open = 0", new { id = (string)api["backtest_run"]! })} closed trades (seed 20240601)"));
        Assert.That(browser.Errors, Is.Empty, server.Log);
    }

    [Test]
    public async Task Another_backtest_chosen_redraws_against_it_and_a_backtest_has_no_drift()
    {
        using var db = DemoFiles.Create();
        await using var server = await TestServer.StartAsync(db.Path);
        await using var browser = await DevToolsBrowser.StartAsync(db.Sibling("browser-profile"), height: 1400);

        var medium = Run(db.Path, "Medium 10/30", "PAPER");
        var january = Db.Query<string>(db.Path, Sql("BACKTEST"), new { name = "Medium 10/30" }).First();
        var april = Run(db.Path, "Medium 10/30", "BACKTEST");
        await browser.Navigate(new Uri(server.Server.Address, "/#/run/" + medium));
        await browser.WaitFor(Drawn, TimeSpan.FromSeconds(60));
        Assert.That((string)(await browser.Evaluate("window.recorderPage.drift.backtest"))!, Is.EqualTo(january),
            "January–March's, which ended before the paper run's first trade; April's covers the paper run's own month");
        Assert.That((int)(await browser.Evaluate("document.querySelectorAll('#drift-backtest option').length"))!, Is.EqualTo(2), "the instance's two backtests");
        Assert.That((string)(await browser.Evaluate("document.querySelector('#drift-backtest option').textContent"))!, Does.Contain(january[..8]).And.Contain("latest before this run"));

        await browser.Evaluate($"(() => {{ const s = document.querySelector('#drift-backtest'); s.value = '{april}'; s.dispatchEvent(new Event('change')); return true; }})()");
        await browser.WaitFor($"{Drawn} && window.recorderPage.drift.backtest === '{april}'", TimeSpan.FromSeconds(60));
        var api = JsonNode.Parse(await server.Client.GetStringAsync($"/api/runs/{medium}/drift?backtest={april}"))!;
        Assert.That((string)(await browser.Evaluate("document.querySelector('#drift-verdict').textContent"))!,
            Is.EqualTo((string)api["summary"]!).And.Contain("In-sample"));
        Assert.That((string)(await browser.Evaluate("document.querySelector('#drift-on').textContent"))!, Does.Contain($"Against backtest {april[..8]} ·").And.Contain($"from its {Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_trades WHERE run_id = @april AND is_open = 0", new { april })} closed trades"));
        Assert.That((int)(await browser.Evaluate("document.querySelector('polyline.forward').points.numberOfItems"))!, Is.EqualTo(api["band"]!.AsArray().Count + 1));
        await browser.Evaluate("document.querySelector('#drift-form').scrollIntoView({block: 'start'})");
        await Shot(browser, "drift-medium-april");

        await browser.Navigate(new Uri(server.Server.Address, "/#/run/" + january));
        await browser.WaitFor($"window.recorderPage.ready && document.querySelector('h1') && document.querySelector('h1').textContent.includes('Medium') && !document.querySelector('#drift-form')", TimeSpan.FromSeconds(60));
        Assert.That((bool)(await browser.Evaluate("[...document.querySelectorAll('h2')].some(h => h.textContent.includes('Drift'))"))!, Is.False, "a backtest has no drift section");
        Assert.That(browser.Errors, Is.Empty, server.Log);
    }

    private static List<(double A, double B)> Pairs(JsonNode node) => node.AsArray().Select(p => ((double)p![0]!, (double)p[1]!)).ToList();

    private static string Sql(string type) => $"""
        SELECT r.run_id FROM strategy_runs r JOIN strategy_instances i USING (instance_id)
        WHERE i.instance_name = @name AND r.run_type = '{type}' AND json_extract(r.fingerprint_json, '$.study') IS NULL
        ORDER BY r.start_utc, r.run_id
        """;

    private static string Run(string path, string instance, string type) => Db.Query<string>(path, Sql(type), new { name = instance }).Last();

    private static async Task Shot(DevToolsBrowser browser, string name)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "serve-" + name + ".png");
        await browser.Screenshot(path);
        TestContext.AddTestAttachment(path);
    }
}
