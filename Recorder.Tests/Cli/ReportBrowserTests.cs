using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Tests.Server;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// The HTML report in a real headless browser, opened from disk with nothing else reachable: no console error or
/// failed load, every chart's canvas drawn in the runs' colours (pixels of the screenshot, not only the DOM) under a
/// legend naming each run, the runs table within a 1280 px window, round and unclipped histogram labels. The
/// screenshots are saved in the test's work folder (report-*.png) and attached to the results.
/// </summary>
[TestFixture]
[Category("Browser")]
public sealed class ReportBrowserTests
{
    private static readonly string[] Charts = ["equity-chart", "underwater-chart", "rolling-sharpe-chart", "rolling-volatility-chart", "returns-histogram", "mae-mfe-chart"];
    private TempDatabase db = null!;
    private DevToolsBrowser browser = null!;
    private List<string> backtests = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        db = DemoFiles.Create();
        backtests = DemoFiles.TraderRuns(db.Path, "BACKTEST").Take(3).ToList();
        var report = Cli.Run(db.Folder, "report", backtests[0], backtests[1], backtests[2], "--db", db.Path, "-o", "report.html");
        Assert.That(report.ExitCode, Is.EqualTo(0), report.ToString());
        browser = await DevToolsBrowser.StartAsync(db.Sibling("browser-profile"), width: 1280, height: 1000);
        await browser.Navigate(new Uri(db.Sibling("report.html")));
        await browser.WaitFor("window.recorderReport && window.recorderReport.ready", TimeSpan.FromSeconds(60));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await browser.DisposeAsync();
        db.Dispose();
    }

    [Test]
    public async Task Report_loads_with_no_network_and_no_console_errors()
    {
        Assert.That((int)(await browser.Evaluate("performance.getEntriesByType('resource').length"))!, Is.EqualTo(0), "nothing fetched");
        Assert.That((string)(await browser.Evaluate("location.protocol"))!, Is.EqualTo("file:"));
        Assert.That(browser.Errors, Is.Empty);
    }

    [Test]
    public async Task Every_chart_canvas_is_drawn_in_each_runs_colour_under_a_legend_naming_the_runs()
    {
        var labels = (await browser.Evaluate("[...document.querySelectorAll('#runs > tbody > tr > td:first-child')].map(td => td.textContent)"))!.AsArray().Select(n => (string)n!).ToList();
        Assert.That(labels, Has.Count.EqualTo(3));
        foreach (var chart in Charts)
        {
            var drawn = (await browser.Evaluate($"window.recorderReport.charts['{chart}']"))!;
            Assert.That((int)drawn["points"]!, Is.GreaterThan(0), chart + " has data");
            var legend = (await browser.Evaluate($"[...document.querySelectorAll('[data-legend=\"{chart}\"] .item:not(.benchmark)')].map(e => e.textContent)"))!.AsArray().Select(n => (string)n!);
            Assert.That(legend, Is.EqualTo(labels), chart + " legend names every run");

            var image = await Shot(chart, $"[data-chart=\"{chart}\"]");
            var canvas = await Box($"#{chart}");
            var key = await Box($"[data-legend=\"{chart}\"]");
            foreach (var colour in new[] { (0x4e, 0x79, 0xa7), (0xe1, 0x57, 0x59), (0x59, 0xa1, 0x4f) })
            {
                Assert.That(image.CountNear(canvas.X0, canvas.Y0, canvas.X1, canvas.Y1, colour, tolerance: 24), Is.GreaterThan(20), $"{chart}: run colour {colour} drawn on the canvas");
                Assert.That(image.CountNear(key.X0, key.Y0, key.X1, key.Y1, colour, tolerance: 8), Is.GreaterThan(60), $"{chart}: legend swatch {colour}");
            }

            Assert.That((int)(await browser.Evaluate($"document.querySelectorAll('#{chart} canvas').length"))!, Is.GreaterThan(0), chart);
        }

        Assert.That(browser.Errors, Is.Empty);
    }

    [Test]
    public async Task Equity_chart_draws_each_runs_buy_and_hold_dashed_in_its_colour_and_the_metrics_show_its_figures()
    {
        var labels = (await browser.Evaluate("[...document.querySelectorAll('#runs > tbody > tr > td:first-child')].map(td => td.textContent)"))!.AsArray().Select(n => (string)n!).ToList();
        var legend = (await browser.Evaluate("[...document.querySelectorAll('[data-legend=\"equity-chart\"] .item.benchmark')].map(e => [e.textContent, e.getBoundingClientRect().right, e.offsetHeight])"))!.AsArray();
        Assert.That(legend.Select(e => (string)e![0]!), Is.EqualTo(labels.Select((l, i) => l + " buy & hold " + Db.Scalar<string>(db.Path, "SELECT symbol FROM run_series WHERE run_id = @id", new { id = backtests[i] }))), "the legend names each run's buy & hold");
        Assert.That(legend.Select(e => (double)e![1]!), Has.All.LessThanOrEqualTo(1280), "no legend entry runs off the window");
        Assert.That(legend.Select(e => (int)e![2]!), Has.All.GreaterThan(0));
        Assert.That((int)(await browser.Evaluate("window.recorderReport.charts['equity-chart'].series"))!, Is.EqualTo(6), "three equity lines and three buy-and-hold lines");

        // Pixels: each dashed line is drawn in its run's colour, seen alone against none (the scale held). The demo's
        // instruments move alike, so the three lines lie nearly on top of one another when all are shown.
        await Shot("equity-benchmark", "[data-chart=\"equity-chart\"]");
        var canvas = await Box("#equity-chart");
        var key = await Box("[data-legend=\"equity-chart\"]");
        try
        {
            await browser.Evaluate("window.recorderReport.setBenchmarksVisible(false)");
            var hidden = await Redrawn("equity-without-benchmark");
            var colours = new[] { (0x4e, 0x79, 0xa7), (0xe1, 0x57, 0x59), (0x59, 0xa1, 0x4f) };
            for (var i = 0; i < colours.Length; i++)
            {
                await browser.Evaluate($"window.recorderReport.setBenchmarksVisible(true, {i})");
                var alone = await Redrawn("equity-benchmark-" + i);
                var own = alone.CountNear(canvas.X0, canvas.Y0, canvas.X1, canvas.Y1, colours[i], 24) - hidden.CountNear(canvas.X0, canvas.Y0, canvas.X1, canvas.Y1, colours[i], 24);
                Assert.That(own, Is.GreaterThan(300), $"buy & hold {i} drawn in its run's colour {colours[i]}");
                Assert.That(alone.CountNear(key.X0, key.Y0, key.X1, key.Y1, colours[i], 8), Is.GreaterThan(60 + 20), $"swatch and dash of {colours[i]} in the legend");
            }
        }
        finally
        {
            await browser.Evaluate("window.recorderReport.setBenchmarksVisible(true)");
        }

        await Shot("metrics-benchmark", "#metrics tr.benchmark");
        var cells = (await browser.Evaluate("[...document.querySelectorAll('#metrics tr.benchmark td')].map(td => [td.textContent, td.scrollWidth <= td.clientWidth + 1, td.title])"))!.AsArray();
        Assert.That(cells, Has.Count.EqualTo(3 * 4));
        Assert.That(cells.Select(c => (bool)c![1]!), Has.All.True, "no figure is cut");
        Assert.That(cells.Where((c, i) => i % 4 == 0).Select(c => (string)c![2]!),
            Is.EqualTo(new[] { "last close / first open", "Pearson's correlation", "cov(strategy, benchmark) / var(benchmark)" })
                .Using<string, string>((actual, expected) => actual.Contains(expected, StringComparison.Ordinal)),
            "each figure's definition on hover");
        Assert.That(cells.Where((c, i) => i % 4 != 0).Select(c => (string)c![0]!), Has.None.EqualTo("–"), "every demo backtest has its figures");
        Assert.That(browser.Errors, Is.Empty);
    }

    [Test]
    public async Task Runs_table_fits_a_1280_px_window_with_the_initial_balance_whole()
    {
        await Shot("runs", "#runs");
        var table = await Box("#runs");
        Assert.That(table.X1, Is.LessThanOrEqualTo(1280));
        Assert.That((bool)(await browser.Evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"))!, Is.True, "no horizontal scrolling");
        var cut = await browser.Evaluate("[...document.querySelectorAll('#runs td')].filter(td => td.scrollWidth > td.clientWidth + 1).map(td => td.textContent)");
        Assert.That(cut!.AsArray(), Is.Empty, "no cell is cut");
        var balances = (await browser.Evaluate("[...document.querySelectorAll('#runs > tbody > tr > td:last-child')].map(td => td.textContent)"))!.AsArray().Select(n => (string)n!);
        Assert.That(balances, Has.All.Match(@"^(500,000|1,000,000)\.00 USD$"), "the demo's bitcoin and index accounts");
    }

    [Test]
    public async Task Histogram_ticks_are_round_evenly_spaced_and_the_last_is_not_clipped()
    {
        await browser.WaitFor("window.recorderReport.axes['returns-histogram'] > 0 && window.recorderReport.axes['mae-mfe-chart'] > 0", TimeSpan.FromSeconds(10));
        await Shot("histogram", "[data-chart=\"returns-histogram\"]");
        var labels = (await browser.Evaluate("[...document.querySelectorAll('[data-chart=\"returns-histogram\"] .x-axis span')].map(s => { const r = s.getBoundingClientRect(); return [s.textContent, r.left, r.right]; })"))!.AsArray();
        Assert.That(labels, Has.Count.GreaterThanOrEqualTo(3));
        var values = labels.Select(l => (string)l![0]!).Select(t => double.Parse(t.TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var step = values[1] - values[0];
        Assert.That(step, Is.GreaterThan(0));
        Assert.That(values.Zip(values.Skip(1), (a, b) => b - a), Has.All.EqualTo(step).Within(1e-9), "evenly spaced");
        var mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step)));
        Assert.That(new[] { 1, 2, 2.5, 5 }.Any(m => Math.Abs(mantissa - m) < 1e-9), Is.True, $"round step {step}");
        Assert.That(values.Select(v => Math.Abs((v / step) - Math.Round(v / step))), Has.All.LessThan(1e-9), "labels at multiples of the step");
        var lefts = labels.Select(l => (double)l![1]!).ToList();
        Assert.That(lefts.Zip(lefts.Skip(1), (a, b) => b - a), Has.All.GreaterThan(20), "labels spread along the axis in order, not piled up");
        var chart = await Box("#returns-histogram");
        Assert.That((double)labels[^1]![2]!, Is.LessThanOrEqualTo(chart.X1 + 0.5), "last label inside the chart");
        Assert.That((double)labels[0]![1]!, Is.GreaterThanOrEqualTo(chart.X0 - 0.5), "first label inside the chart");
    }

    [Test]
    public async Task Every_metric_shown_has_its_definition_on_hover()
    {
        await Shot("metrics", "#metrics");
        var rows = (await browser.Evaluate("[...document.querySelectorAll('#metrics td.metric')].map(td => [td.textContent, td.title])"))!.AsArray();
        Assert.That(rows, Has.Count.GreaterThan(40));
        foreach (var row in rows)
        {
            Assert.That((string)row![1]!, Is.Not.Empty.And.Not.Contain("Not defined"), (string)row[0]!);
        }

        await Shot("monthly", "#returns");
        await Shot("drawdowns", "#worst-drawdowns");
        await Shot("breakdowns", ".breakdowns");
    }

    // The chart draws on its next frame.
    private async Task<PngImage> Redrawn(string name)
    {
        await browser.Evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        return await Shot(name, "[data-chart=\"equity-chart\"]");
    }

    private async Task<PngImage> Shot(string name, string selector)
    {
        await browser.Evaluate($"document.querySelector('{selector.Replace("'", "\\'", StringComparison.Ordinal)}').scrollIntoView({{block: 'start'}})");
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "report-" + name + ".png");
        await browser.Screenshot(path);
        TestContext.AddTestAttachment(path);
        return PngImage.Read(path);
    }

    private async Task<(int X0, int Y0, int X1, int Y1)> Box(string selector)
    {
        var r = (await browser.Evaluate($"(() => {{ const r = document.querySelector('{selector.Replace("'", "\\'", StringComparison.Ordinal)}').getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }})()"))!;
        return ((int)(double)r[0]!, (int)(double)r[1]!, (int)(double)r[2]!, (int)(double)r[3]!);
    }
}
