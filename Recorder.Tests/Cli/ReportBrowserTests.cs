using System.Globalization;
using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Tests.Server;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// The saved report of three backtests in a real headless browser, opened from disk with the network cut off: no
/// console error or failed load; every chart's canvas drawn in the runs' colours (pixels of the screenshot, not only
/// the DOM) under a legend naming each run; each section's figures as the embedded JSON holds them (drawdowns,
/// metrics, months, breakdowns, trades); colours by meaning; the runs table within a 1280 px window; round, unclipped
/// histogram labels. Screenshots report-*.png in the test's work folder.
/// </summary>
[TestFixture]
[Category("Browser")]
public sealed class ReportBrowserTests
{
    private static readonly string[] Charts = ["equity-chart", "underwater-chart", "rolling-sharpe-chart", "rolling-volatility-chart", "returns-histogram", "mae-mfe-chart"];
    private static readonly (int, int, int)[] Colours = [(0x4e, 0x79, 0xa7), (0xe1, 0x57, 0x59), (0x59, 0xa1, 0x4f)];
    private TempDatabase db = null!;
    private DevToolsBrowser browser = null!;
    private List<string> backtests = null!;
    private JsonNode tearsheet = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        db = DemoFiles.Create();
        backtests = DemoFiles.TraderRuns(db.Path, "BACKTEST").Take(3).ToList();
        var report = Cli.Run(db.Folder, "report", backtests[0], backtests[1], backtests[2], "--db", db.Path, "-o", "report.html");
        Assert.That(report.ExitCode, Is.EqualTo(0), report.ToString());
        tearsheet = SavedReport.Tearsheet(SavedReport.Snapshot(File.ReadAllText(db.Sibling("report.html"))));
        browser = await DevToolsBrowser.StartAsync(db.Sibling("browser-profile"), width: 1280, height: 1000);
        await SavedReport.Open(browser, db.Sibling("report.html"), "report");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await browser.DisposeAsync();
        db.Dispose();
    }

    [Test]
    public async Task Report_loads_from_disk_with_the_network_off_and_no_console_errors()
    {
        Assert.That((int)(await browser.Evaluate("performance.getEntriesByType('resource').length"))!, Is.EqualTo(0), "nothing fetched");
        Assert.That((string)(await browser.Evaluate("location.protocol"))!, Is.EqualTo("file:"));
        Assert.That((bool)(await browser.Evaluate("navigator.onLine"))!, Is.False, "the network is off");
        Assert.That((bool)(await browser.Evaluate("document.querySelector('header nav') === null"))!, Is.True, "no links to views the file does not hold");
        await SavedReport.Shot(browser, "top", "h1");
        Assert.That(browser.Errors, Is.Empty);
    }

    [Test]
    public async Task Every_chart_canvas_is_drawn_in_each_runs_colour_under_a_legend_naming_the_runs()
    {
        var labels = await SavedReport.Texts(browser, "#runs > tbody > tr > td:first-child");
        Assert.That(labels, Is.EqualTo(tearsheet["runs"]!.AsArray().Select(r => (string)r!["label"]!)), "the runs as the tearsheet names them");
        foreach (var chart in Charts)
        {
            var drawn = (await browser.Evaluate($"window.recorderPage.charts['{chart}']"))!;
            Assert.That((int)drawn["points"]!, Is.GreaterThan(0), chart + " has data");
            Assert.That(await SavedReport.Texts(browser, $"[data-legend=\"{chart}\"] .item:not(.benchmark)"), Is.EqualTo(labels), chart + " legend names every run");
            var image = await SavedReport.Shot(browser, chart, $"[data-chart=\"{chart}\"]");
            var canvas = await SavedReport.Box(browser, $"#{chart}");
            var key = await SavedReport.Box(browser, $"[data-legend=\"{chart}\"]");
            foreach (var colour in Colours)
            {
                Assert.That(image.CountNear(canvas.X0, canvas.Y0, canvas.X1, canvas.Y1, colour, tolerance: 24), Is.GreaterThan(20), $"{chart}: run colour {colour} drawn on the canvas");
                Assert.That(image.CountNear(key.X0, key.Y0, key.X1, key.Y1, colour, tolerance: 8), Is.GreaterThan(60), $"{chart}: legend swatch {colour}");
            }
        }

        Assert.That(browser.Errors, Is.Empty);
    }

    [Test]
    public async Task Equity_chart_draws_each_runs_buy_and_hold_dashed_in_its_colour_and_the_metrics_show_its_figures()
    {
        var labels = await SavedReport.Texts(browser, "#runs > tbody > tr > td:first-child");
        var legend = (await browser.Evaluate("[...document.querySelectorAll('[data-legend=\"equity-chart\"] .item.benchmark')].map(e => [e.textContent, e.getBoundingClientRect().right, e.offsetHeight])"))!.AsArray();
        Assert.That(legend.Select(e => (string)e![0]!), Is.EqualTo(labels.Select((l, i) => l + " buy & hold " + Db.Scalar<string>(db.Path, "SELECT symbol FROM run_series WHERE run_id = @id", new { id = backtests[i] }))), "the legend names each run's buy & hold");
        Assert.That(legend.Select(e => (double)e![1]!), Has.All.LessThanOrEqualTo(1280), "no legend entry runs off the window");
        Assert.That(legend.Select(e => (int)e![2]!), Has.All.GreaterThan(0));
        Assert.That((int)(await browser.Evaluate("window.recorderPage.charts['equity-chart'].series"))!, Is.EqualTo(6), "three equity lines and three buy-and-hold lines");

        // Pixels: each dashed line is drawn in its run's colour, seen alone against none (the scale held).
        await SavedReport.Shot(browser, "equity-benchmark", "[data-chart=\"equity-chart\"]");
        var canvas = await SavedReport.Box(browser, "#equity-chart");
        var key = await SavedReport.Box(browser, "[data-legend=\"equity-chart\"]");
        try
        {
            await browser.Evaluate("window.recorderPage.setBenchmarksVisible(false)");
            var hidden = await Redrawn("equity-without-benchmark");
            for (var i = 0; i < Colours.Length; i++)
            {
                await browser.Evaluate($"window.recorderPage.setBenchmarksVisible(true, {i})");
                var alone = await Redrawn("equity-benchmark-" + i);
                var own = alone.CountNear(canvas.X0, canvas.Y0, canvas.X1, canvas.Y1, Colours[i], 24) - hidden.CountNear(canvas.X0, canvas.Y0, canvas.X1, canvas.Y1, Colours[i], 24);
                Assert.That(own, Is.GreaterThan(300), $"buy & hold {i} drawn in its run's colour {Colours[i]}");
                Assert.That(alone.CountNear(key.X0, key.Y0, key.X1, key.Y1, Colours[i], 8), Is.GreaterThan(60 + 20), $"swatch and dash of {Colours[i]} in the legend");
            }
        }
        finally
        {
            await browser.Evaluate("window.recorderPage.setBenchmarksVisible(true)");
        }

        await SavedReport.Shot(browser, "metrics-benchmark", "#metrics tr.benchmark");
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
    public async Task Runs_table_fits_a_1280_px_window_with_parameters_one_per_row_and_the_initial_balance_whole()
    {
        await SavedReport.Shot(browser, "runs", "#runs");
        Assert.That((await SavedReport.Box(browser, "#runs")).X1, Is.LessThanOrEqualTo(1280));
        Assert.That((bool)(await browser.Evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"))!, Is.True, "no horizontal scrolling");
        Assert.That((await browser.Evaluate("[...document.querySelectorAll('#runs td')].filter(td => td.scrollWidth > td.clientWidth + 1).map(td => td.textContent)"))!.AsArray(), Is.Empty, "no cell is cut");
        Assert.That(await SavedReport.Texts(browser, "#runs > tbody > tr > td:last-child"), Has.All.Match(@"^(500,000|1,000,000)\.00 USD$"), "the demo's bitcoin and index accounts");
        var json = Db.Scalar<string>(db.Path, "SELECT i.parameters_json FROM strategy_runs r JOIN strategy_instances i ON i.instance_id = r.instance_id WHERE r.run_id = @id", new { id = backtests[0] });
        var expected = JsonNode.Parse(json)!.AsObject().Select(p => p.Value!.GetValueKind() == System.Text.Json.JsonValueKind.String ? $"{p.Key}={p.Value}" : $"{p.Key}={p.Value!.ToJsonString()}").ToList();
        var rows = (await browser.Evaluate("[...document.querySelectorAll('#runs > tbody > tr:first-child table.params tr')].map(tr => tr.cells[0].textContent + '=' + tr.cells[1].textContent)"))!.AsArray().Select(n => (string)n!);
        Assert.That(expected, Has.Count.GreaterThan(1));
        Assert.That(rows, Is.EqualTo(expected));
    }

    [Test]
    public async Task Histogram_ticks_are_round_evenly_spaced_and_the_last_is_not_clipped()
    {
        await browser.WaitFor("window.recorderPage.axes['returns-histogram'] > 0 && window.recorderPage.axes['mae-mfe-chart'] > 0", TimeSpan.FromSeconds(10));
        await SavedReport.Shot(browser, "histogram", "[data-chart=\"returns-histogram\"]");
        var labels = (await browser.Evaluate("[...document.querySelectorAll('[data-chart=\"returns-histogram\"] .x-axis span')].map(s => { const r = s.getBoundingClientRect(); return [s.textContent, r.left, r.right]; })"))!.AsArray();
        Assert.That(labels, Has.Count.GreaterThanOrEqualTo(3));
        var values = labels.Select(l => (string)l![0]!).Select(t => double.Parse(t.TrimEnd('%'), CultureInfo.InvariantCulture)).ToList();
        var step = values[1] - values[0];
        Assert.That(step, Is.GreaterThan(0));
        Assert.That(values.Zip(values.Skip(1), (a, b) => b - a), Has.All.EqualTo(step).Within(1e-9), "evenly spaced");
        var mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step)));
        Assert.That(new[] { 1, 2, 2.5, 5 }.Any(m => Math.Abs(mantissa - m) < 1e-9), Is.True, $"round step {step}");
        Assert.That(values.Select(v => Math.Abs((v / step) - Math.Round(v / step))), Has.All.LessThan(1e-9), "labels at multiples of the step");
        var lefts = labels.Select(l => (double)l![1]!).ToList();
        Assert.That(lefts.Zip(lefts.Skip(1), (a, b) => b - a), Has.All.GreaterThan(20), "labels spread along the axis in order, not piled up");
        var chart = await SavedReport.Box(browser, "#returns-histogram");
        Assert.That((double)labels[^1]![2]!, Is.LessThanOrEqualTo(chart.X1 + 0.5), "last label inside the chart");
        Assert.That((double)labels[0]![1]!, Is.GreaterThanOrEqualTo(chart.X0 - 0.5), "first label inside the chart");
        var histogram = tearsheet["histogram"]!;
        Assert.That((int)(await browser.Evaluate("window.recorderPage.charts['returns-histogram'].points"))!, Is.EqualTo(3 * (int)histogram["bins"]!), "a bar per run in every bin of the JSON");
    }

    [Test]
    public async Task Each_section_shows_the_figures_of_the_embedded_json()
    {
        var runs = tearsheet["runs"]!.AsArray();
        foreach (var run in runs)
        {
            var id = (string)run!["run_id"]!;
            // Worst drawdowns: depth and length of each episode, in order.
            var shown = (await browser.Evaluate($"[...document.querySelectorAll('#worst-drawdowns tr[data-run=\"{id}\"]')].map(tr => [tr.cells[5].textContent, tr.cells[7].textContent])"))!.AsArray();
            var episodes = run["worst_drawdowns"]!.AsArray();
            Assert.That(shown, Has.Count.EqualTo(episodes.Count), id + ": drawdowns");
            foreach (var (row, e) in shown.Zip(episodes))
            {
                AssertShown((string)row![0]!, -(double)e!["depth"]!, 2, id + ": depth");
                AssertShown((string)row[1]!, (double)e["length_days"]!, 1, id + ": length");
            }

            // Months: each cell a month of the JSON, its return in %.
            var months = (await browser.Evaluate($"[...document.querySelectorAll('table.monthly[data-run=\"{id}\"] td.month')].map(td => [td.dataset.month, td.textContent])"))!.AsArray();
            var saved = run["monthly"]!.AsArray();
            Assert.That(months.Select(m => (string)m![0]!), Is.EqualTo(saved.Select(m => $"{(int)m!["year"]!:0000}-{(int)m["month"]!:00}")), id + ": months");
            foreach (var (cell, m) in months.Zip(saved))
            {
                AssertShown((string)cell![1]!, (double)m!["return"]! * 100, 2, id + ": " + (string)cell[0]!);
            }

            // Trades: one row per closed trade.
            Assert.That((int)(await browser.Evaluate($"document.querySelectorAll('details[data-run=\"{id}\"] table.trades tbody tr').length"))!, Is.EqualTo((int)run["closed_trades"]!), id + ": trades");
        }

        // Breakdowns: the side table's trades per run as the JSON counts them.
        var sides = (await browser.Evaluate("[...[...document.querySelectorAll('table.breakdown')].find(t => t.caption.textContent === 'Long / short').tBodies[0].rows].map(tr => [...tr.cells].map(c => c.textContent))"))!.AsArray();
        foreach (var (run, r) in runs.Select((run, r) => (run!, r)))
        {
            var rows = run["breakdowns"]!.AsArray().Single(b => (string)b!["title"]! == "Long / short")!["rows"]!.AsArray();
            foreach (var x in rows)
            {
                var shown = sides.Single(s => (string)s![0]! == (string)x!["key"]!)!;
                Assert.That((string)shown[1 + (3 * r)]!, Is.EqualTo(((int)x!["trades"]!).ToString(CultureInfo.InvariantCulture)), "breakdown of " + run["run_id"]);
                AssertShown((string)shown[3 + (3 * r)]!, (double)x["net_pnl"]!, 2, "breakdown of " + run["run_id"]);
            }

        }

        // Metrics: every money, percent and ratio figure as the JSON's value, formatted.
        var metrics = tearsheet["metrics"]!["rows"]!.AsArray();
        var table = (await browser.Evaluate("[...document.querySelectorAll('#metrics tbody tr:not(.benchmark)')].map(tr => [tr.cells[0].dataset.key, ...[...tr.cells].slice(1).map(c => c.textContent)])"))!.AsArray();
        Assert.That(table.Select(r => (string)r![0]!), Is.EqualTo(metrics.Select(m => (string)m!["key"]!)), "every metric, in the JSON's order");
        foreach (var (row, cells) in metrics.Zip(table))
        {
            if ((string?)row!["unit"] is "money" or "pct" or "ratio")
            {
                var values = row["values"]!.AsArray().Select(v => (double?)v).ToList();
                var texts = cells!.AsArray().Skip(1).Select(c => (string)c!).ToList();
                for (var i = 0; i < values.Count; i++)
                {
                    if (values[i] is { } v)
                    {
                        AssertShown(texts[i], v, 2, (string)row["key"]!);
                        Assert.That(texts[i].EndsWith(" %", StringComparison.Ordinal), Is.EqualTo((string?)row["unit"] == "pct"), (string)row["key"]! + ": its unit");
                    }
                    else
                    {
                        Assert.That(texts[i], Is.EqualTo((string?)row["not_enough"]![i] ?? "—"), (string)row["key"]!);
                    }
                }
            }
        }

        await SavedReport.Shot(browser, "monthly", "#returns");
        await SavedReport.Shot(browser, "drawdowns", "#drawdowns");
        await SavedReport.Shot(browser, "breakdowns", "#breakdowns-section");
        await SavedReport.Shot(browser, "trades", "#trades");
    }

    [Test]
    public async Task Every_metric_shown_has_its_definition_on_hover_and_colours_follow_meaning()
    {
        await SavedReport.Shot(browser, "metrics", "#metrics");
        var rows = (await browser.Evaluate("[...document.querySelectorAll('#metrics td.metric')].map(td => [td.textContent, td.title])"))!.AsArray();
        Assert.That(rows, Has.Count.GreaterThan(40));
        Assert.That(rows.Where(r => ((string)r![1]!).Contains("Not defined", StringComparison.Ordinal) || ((string)r[1]!).Length < 10).Select(r => (string)r![0]!), Is.Empty);

        var cells = (await browser.Evaluate("Object.fromEntries([...document.querySelectorAll('#metrics tbody tr:not(.benchmark)')].map(tr => [tr.cells[0].dataset.key, [...tr.cells].slice(1).map(c => [c.className, getComputedStyle(c).fontWeight])]))"))!.AsObject();
        string[] Classes(string key, int run) => ((string)cells[key]![run]![0]!).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var key in new[] { "total_fees", "trade_count", "wins", "losses", "final_equity" })
        {
            Assert.That(Enumerable.Range(0, 3).Where(i => Classes(key, i).Contains("best")), Is.Empty, key + ": a cost, a count or the account's size is no highlight");
        }

        Assert.That(Enumerable.Range(0, 3).All(i => Classes("total_fees", i).Contains("neg")), Is.True, "fees paid are a cost");
        Assert.That(Enumerable.Range(0, 3).SelectMany(i => Classes("win_rate", i)), Has.None.EqualTo("pos").And.None.EqualTo("neg"), "a win rate is neither good nor bad alone");
        for (var i = 0; i < 3; i++)
        {
            var net = Db.Scalar<double>(db.Path, "SELECT value FROM run_metrics_kv WHERE run_id = @id AND key = 'net_pnl'", new { id = backtests[i] });
            Assert.That(Classes("net_pnl", i), Does.Contain(net > 0 ? "pos" : "neg"), "net PnL coloured by its sign");
            var factor = Db.Scalar<double>(db.Path, "SELECT value FROM run_metrics_kv WHERE run_id = @id AND key = 'profit_factor'", new { id = backtests[i] });
            Assert.That(Classes("profit_factor", i), Does.Contain(factor > 1 ? "pos" : "neg"), "a profit factor by which side of 1 it is");
        }

        var best = metrics("profit_factor").Select((v, i) => (v, i)).MaxBy(p => p.v).i;
        Assert.That(Classes("profit_factor", best), Does.Contain("best"), "the best profit factor is marked");
        Assert.That(int.Parse((string)cells["profit_factor"]![best]![1]!, CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(700), "and bold");
        List<double> metrics(string key) => Enumerable.Range(0, 3).Select(i => Db.Scalar<double>(db.Path, "SELECT value FROM run_metrics_kv WHERE run_id = @id AND key = @key", new { id = backtests[i], key })).ToList();
    }

    // The chart draws on its next frame.
    private async Task<PngImage> Redrawn(string name)
    {
        await browser.Evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        return await SavedReport.Shot(browser, name, "[data-chart=\"equity-chart\"]");
    }

    // A figure as shown (en-US, rounded to its decimals, maybe with a unit after it) stands for the JSON's value.
    private static void AssertShown(string text, double value, int decimals, string what)
    {
        var number = double.Parse(text.Split(' ')[0], NumberStyles.Number, CultureInfo.InvariantCulture);
        Assert.That(number, Is.EqualTo(value).Within((0.5 * Math.Pow(10, -decimals)) + 1e-9), $"{what}: '{text}' for {value}");
    }
}
