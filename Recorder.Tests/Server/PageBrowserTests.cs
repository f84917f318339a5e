using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

/// <summary>
/// The page in a real headless browser against a demo database: runs, compare and one run, clicked as a user would;
/// the charts checked in the screenshot's pixels, not only in the DOM; no console error anywhere. The screenshots
/// are attached to the test results (serve-*.png).
/// </summary>
[TestFixture]
[Category("Browser")]
public sealed class PageBrowserTests
{
    private static readonly (int R, int G, int B) Up = (0x26, 0xa6, 0x9a);
    private static readonly (int R, int G, int B) Down = (0xef, 0x53, 0x50);
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

    private string Shot(string name) => Path.Combine(TestContext.CurrentContext.WorkDirectory, "serve-" + name + ".png");

    private async Task<PngImage> Screenshot(string name)
    {
        var path = Shot(name);
        await browser.Screenshot(path);
        TestContext.AddTestAttachment(path);
        return PngImage.Read(path);
    }

    private async Task Open(string hash, string view)
    {
        await browser.Navigate(new Uri(server.Server.Address, "/" + hash));
        // The page says which route it drew: a hash-only navigation keeps the previous page ready until it routes.
        var shown = hash.Length == 0 ? "#/runs" : hash;
        await browser.WaitFor($"window.recorderPage && window.recorderPage.ready && window.recorderPage.view === '{view}' && window.recorderPage.shown === '{shown}'", TimeSpan.FromSeconds(30));
    }

    private async Task<(int X0, int Y0, int X1, int Y1)> Box(string selector)
    {
        var r = (await browser.Evaluate($"(() => {{ const r = document.querySelector('{selector}').getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }})()"))!;
        return ((int)(double)r[0]!, (int)(double)r[1]!, (int)(double)r[2]!, (int)(double)r[3]!);
    }

    [Test]
    public async Task Runs_page_opens_on_the_runs_people_made_with_a_study_s_passes_folded_into_one_line()
    {
        await Open("", "runs");
        var made = Db.Query<string>(db.Path, "SELECT run_id FROM strategy_runs WHERE json_extract(fingerprint_json, '$.study') IS NULL ORDER BY start_utc DESC, run_id DESC").ToList();
        var rows = JsonNode.Parse((string)(await browser.Evaluate("JSON.stringify([...document.querySelectorAll('#runs-table tbody tr')].map(tr => tr.querySelector('td:nth-child(3)').textContent))"))!)!.AsArray();
        Assert.That(rows, Has.Count.EqualTo(made.Count), "the demo's seven runs, not its 25 sweep passes");
        var passes = Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs") - made.Count;
        Assert.That((string)(await browser.Evaluate("document.querySelector('#runs-passes [data-study]').textContent"))!,
            Does.StartWith($"{passes} passes of study demo-sweep"));
        await Screenshot("runs-folded");

        // Shown on request, every run is a row.
        await browser.Click("#show-passes");
        await browser.WaitFor($"document.querySelectorAll('#runs-table tbody tr').length === {made.Count + passes}", TimeSpan.FromSeconds(10));
        await browser.Click("#show-passes");
        await browser.WaitFor($"document.querySelectorAll('#runs-table tbody tr').length === {made.Count}", TimeSpan.FromSeconds(10));
        Assert.That(browser.Errors, Is.Empty, server.Log);
    }

    [Test]
    public async Task Runs_page_lists_every_run_with_its_metrics_and_sorts_on_a_click()
    {
        await Open("", "runs");
        await browser.Click("#show-passes");
        await browser.WaitFor($"document.querySelectorAll('#runs-table tbody tr').length === {Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs")}", TimeSpan.FromSeconds(10));
        await browser.Click("#runs-table th:nth-child(8)");
        await browser.WaitFor("document.querySelector('#runs-table th.sorted') && document.querySelector('#runs-table th.sorted').textContent === 'Net PnL'", TimeSpan.FromSeconds(10));
        var firstPnl = (string)(await browser.Evaluate("document.querySelector('#runs-table tbody tr td:nth-child(8)').textContent"))!;
        var best = Db.Scalar<double>(db.Path, "SELECT MAX(value) FROM run_metrics_kv WHERE key = 'net_pnl'");
        Assert.That(firstPnl, Does.StartWith(best.ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture)));
        await Screenshot("runs");
        await browser.Click("#show-passes");
        Assert.That(browser.Errors, Is.Empty, server.Log);
    }

    [Test]
    public async Task Compare_page_shows_parameter_sets_and_runs_backtest_and_forward_apart_with_the_best_marked()
    {
        await Open("#/compare", "compare");
        foreach (var table in new[] { "compare-backtest", "compare-forward", "runs-backtest", "runs-forward" })
        {
            Assert.That((int)(await browser.Evaluate($"document.querySelectorAll('#{table} tbody tr').length"))!, Is.GreaterThan(0), table);
            Assert.That((int)(await browser.Evaluate($"document.querySelectorAll('#{table} td.best').length"))!, Is.GreaterThan(0), table + " marks a best value");
        }

        Assert.That((int)(await browser.Evaluate("document.querySelectorAll('#compare-backtest tbody tr').length"))!, Is.EqualTo(28));
        await Screenshot("compare");
        Assert.That(browser.Errors, Is.Empty, server.Log);
    }

    [Test]
    public async Task A_runs_figures_are_coloured_by_meaning_and_named_with_units_a_trader_reads()
    {
        // Fast 5/20's paper run loses: a profit factor below 1, a win rate of 27 %, and fees paid.
        var runId = Db.Scalar<string>(db.Path, "SELECT run_id FROM v_runs WHERE instance_name = 'Fast 5/20' AND run_type = 'PAPER'");
        Assert.That(Db.Scalar<double>(db.Path, "SELECT profit_factor FROM v_runs WHERE run_id = @runId", new { runId }), Is.LessThan(1));
        await Open("#/run/" + runId, "run");
        async Task<string> CardClass(string key) => (string)(await browser.Evaluate($"document.querySelector('#metrics .card[data-key=\"{key}\"] .v').className"))!;
        Assert.That(await CardClass("profit_factor"), Does.Contain("neg"), "a profit factor below 1 is bad");
        Assert.That(await CardClass("win_rate"), Does.Not.Contain("pos"), "a win rate alone is not good");
        Assert.That(await CardClass("total_fees"), Does.Contain("neg").And.Not.Contain("pos"), "fees are a cost");
        Assert.That(await CardClass("trade_count"), Does.Not.Contain("pos"));
        Assert.That(await CardClass("net_pnl"), Does.Contain("neg"));

        // Every metric named as a trader reads it, the key in the hover, a duration in hours and minutes.
        var fill = TimeSpan.FromMilliseconds(Db.Scalar<double>(db.Path, "SELECT value FROM v_run_metrics WHERE run_id = @runId AND key = 'time_to_fill_p50_ms'", new { runId }));
        var row = JsonNode.Parse((string)(await browser.Evaluate("JSON.stringify((() => { const s = document.querySelector('#all-metrics [data-key=\"time_to_fill_p50_ms\"]'); const tr = s.closest('tr'); return [s.textContent, s.title, tr.children[1].textContent]; })())"))!)!.AsArray();
        Assert.That((string)row[0]!, Is.EqualTo("Time to fill, median"));
        Assert.That((string)row[1]!, Does.StartWith("time_to_fill_p50_ms: "));
        Assert.That((string)row[2]!, Does.StartWith($"{(int)fill.TotalHours} h").And.Not.Contain("ms"));
        await browser.Evaluate("document.querySelector('#metrics').scrollIntoView({block: 'start'})");
        await Screenshot("run-figures");
        Assert.That(browser.Errors, Is.Empty, server.Log);
    }

    [Test]
    public async Task Compare_page_overlays_the_equity_of_the_runs_people_made_not_a_study_s_passes()
    {
        await Open("#/compare", "compare");
        await browser.WaitFor("window.recorderPage.compareChart", TimeSpan.FromSeconds(30));
        var drawn = JsonNode.Parse((string)(await browser.Evaluate("JSON.stringify(window.recorderPage.compareChart)"))!)!;
        var lines = drawn["lines"]!.AsArray().Select(l => ((string)l!["run_id"]!, (int)l["points"]!, (string)l["colour"]!)).ToList();

        // The demo's seven runs, newest first; none of the sweep's 25 passes.
        var made = Db.Query<string>(db.Path, "SELECT run_id FROM strategy_runs WHERE json_extract(fingerprint_json, '$.study') IS NULL ORDER BY start_utc DESC, run_id DESC").ToList();
        Assert.That(lines.Select(l => l.Item1), Is.EqualTo(made));
        foreach (var (runId, points, _) in lines)
        {
            // One point a second of the run's stored curve, as the run view draws it.
            var seconds = JsonNode.Parse(await server.Client.GetStringAsync($"/api/runs/{runId}/equity"))!.AsArray()
                .Select(p => ((string)p!["ts_utc"]!)[..19]).Distinct().Count();
            Assert.That(points, Is.EqualTo(seconds), runId);
        }

        // A backtest of January–March and a paper run of April are overlaid from their starts, not months apart.
        Assert.That((string)drawn["axis"]!, Is.EqualTo("days since start"));
        Assert.That((string)drawn["unit"]!, Is.EqualTo("USD"));
        Assert.That(lines.Select(l => l.Item3).Distinct().Count(), Is.EqualTo(lines.Count), "each run its own colour");
        Assert.That((int)(await browser.Evaluate("document.querySelectorAll('#compare-legend [data-run]').length"))!, Is.EqualTo(lines.Count));
        Assert.That((int)(await browser.Evaluate("document.querySelectorAll('#runs-backtest tbody tr').length"))!, Is.LessThanOrEqualTo(10), "the key figures, not every metric");

        await browser.Evaluate("document.querySelector('#compare-chart').scrollIntoView({block: 'center'})");
        var chart = await Box("#compare-chart");
        var shown = await Screenshot("compare-equity");
        foreach (var colour in new[] { (0x4a, 0xa3, 0xff), (0xef, 0x53, 0x50) })
        {
            Assert.That(shown.CountNear(chart.X0, chart.Y0, chart.X1, chart.Y1, colour, 16), Is.GreaterThan(100), $"the line in {colour} is drawn in {chart}");
        }

        Assert.That(browser.Errors, Is.Empty, server.Log);
    }

    [Test]
    public async Task One_run_charts_candles_with_every_fill_marked_and_a_trade_click_moves_the_chart()
    {
        await Open("", "runs");
        var runId = (string)(await browser.Evaluate("(async () => (await (await fetch('/api/runs/?limit=1')).json()).items[0].run_id)()"))!;
        await browser.Click("#runs-table tbody tr:first-child td:nth-child(3)");
        await browser.WaitFor($"window.recorderPage.ready && window.recorderPage.view === 'run' && window.recorderPage.shown === '#/run/{runId}'", TimeSpan.FromSeconds(30));
        Assert.That((string)(await browser.Evaluate("location.hash"))!, Is.EqualTo("#/run/" + runId));
        // The demo's inputs include "Stop loss, %": parameters are set apart by "; ", never by a comma.
        var header = (string)(await browser.Evaluate("document.querySelector('#view h1 + div.muted').textContent"))!;
        Assert.That(header, Does.Contain("; Stop loss, %=").And.Not.Contain(", Stop loss"), header);

        var fills = Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM executions WHERE run_id = @runId", new { runId });
        Assert.That(fills, Is.GreaterThan(0));
        Assert.That((int)(await browser.Evaluate("window.recorderPage.fills"))!, Is.EqualTo(fills));
        var expected = ExpectedMarkers(runId);
        Assert.That(expected.Sum(m => m.Fills), Is.EqualTo(fills));
        Assert.That((int)(await browser.Evaluate("window.recorderPage.markers"))!, Is.EqualTo(expected.Count), "one marker per bar and side, as the chart library holds them");
        Assert.That((int)(await browser.Evaluate("window.recorderPage.bracketLines"))!,
            Is.EqualTo(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM order_oco_links WHERE run_id = @runId AND oco_role IN ('SL', 'TP')", new { runId })));
        Assert.That((int)(await browser.Evaluate("document.querySelectorAll('#price-chart canvas').length"))!, Is.GreaterThan(0));
        Assert.That((int)(await browser.Evaluate("document.querySelectorAll('#equity-chart canvas').length"))!, Is.GreaterThan(0));

        // Pixels: candles in both colours, and the markers add drawn pixels of their own.
        await browser.Evaluate("window.scrollTo(0, 0)");
        var chart = await Box("#price-chart");
        var shown = await Screenshot("run");
        var upShown = shown.CountNear(chart.X0, chart.Y0, chart.X1, chart.Y1, Up, 12);
        var downShown = shown.CountNear(chart.X0, chart.Y0, chart.X1, chart.Y1, Down, 12);
        Assert.That(upShown, Is.GreaterThan(500), "rising candles drawn");
        Assert.That(downShown, Is.GreaterThan(500), "falling candles drawn");
        await browser.Evaluate("window.recorderPage.setMarkersVisible(false)");
        var hidden = await Screenshot("run-without-markers");
        var markerPixels = upShown + downShown - hidden.CountNear(chart.X0, chart.Y0, chart.X1, chart.Y1, Up, 12) - hidden.CountNear(chart.X0, chart.Y0, chart.X1, chart.Y1, Down, 12);
        Assert.That(markerPixels, Is.GreaterThan(100), "the fill markers are drawn on the canvas");
        await browser.Evaluate("window.recorderPage.setMarkersVisible(true)");
        var equity = await Box("#equity-chart");
        Assert.That(shown.CountNear(equity.X0, equity.Y0, equity.X1, equity.Y1, (0x4a, 0xa3, 0xff), 12), Is.GreaterThan(200), "the equity line is drawn");

        // A trade click shows that trade on the chart.
        var trade = (await browser.Evaluate("(async () => (await (await fetch('/api/runs/" + runId + "/trades')).json())[1])()"))!;
        await browser.Click("#trades-table tbody tr:nth-child(2)");
        await browser.WaitFor($"window.recorderPage.shownTrade === {(int)trade["trade_no"]!}", TimeSpan.FromSeconds(10));
        var entry = DateTimeOffset.Parse((string)trade["entry_utc"]!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        // The chart applies a new range on its next frame.
        await browser.WaitFor($"window.recorderPage.visibleRange().from <= {entry} && window.recorderPage.visibleRange().to >= {entry}", TimeSpan.FromSeconds(10));
        await Screenshot("run-trade");
        Assert.That(browser.Errors, Is.Empty, server.Log);
    }

    [Test]
    public async Task A_run_clicked_while_another_loads_is_the_one_shown()
    {
        var runs = Db.Query<string>(db.Path, "SELECT run_id FROM strategy_runs ORDER BY start_utc, run_id").ToList();
        Assert.That(runs, Has.Count.GreaterThanOrEqualTo(2));
        await Open("", "runs");
        // The first run's first answer is held back 1.5 s (a slow network, made in the test), so its route finishes
        // after the second's: the page must still show the run asked for last, and say so.
        await browser.Evaluate($$"""
            (() => {
              const realFetch = window.fetch.bind(window);
              // Every request is counted until its body is read, and the held-back one says when it has been.
              window.inFlight = 0;
              const counted = (promise) => {
                window.inFlight++;
                return promise.then(response => {
                  const json = response.json.bind(response);
                  response.json = () => json().finally(() => setTimeout(() => window.inFlight--, 0));
                  return response;
                }, error => { setTimeout(() => window.inFlight--, 0); throw error; });
              };
              window.fetch = (url, ...rest) => String(url) === '/api/runs/{{runs[0]}}'
                ? counted(new Promise(resolve => setTimeout(resolve, 1500)).then(() => realFetch(url, ...rest))
                    .then(response => { window.heldBackAnswered = true; return response; }))
                : counted(realFetch(url, ...rest));
              location.hash = '#/run/{{runs[0]}}';
              setTimeout(() => { location.hash = '#/run/{{runs[1]}}'; }, 100);
              return true;
            })()
            """);
        await browser.WaitFor($"window.recorderPage.ready && window.recorderPage.shown === '#/run/{runs[1]}'", TimeSpan.FromSeconds(30));
        // Let the held-back first route finish, and whatever it asked after it: it must not replace the view.
        await browser.WaitFor("window.heldBackAnswered === true && window.inFlight === 0", TimeSpan.FromSeconds(30));
        await browser.Evaluate("new Promise(resolve => setTimeout(() => requestAnimationFrame(() => resolve(true)), 0))");
        Assert.That((string)(await browser.Evaluate("document.querySelector('#view .muted').textContent"))!, Does.Contain("run " + runs[1]));
        Assert.That((string)(await browser.Evaluate("window.recorderPage.shown"))!, Is.EqualTo("#/run/" + runs[1]));
        await browser.Evaluate("location.reload(); true");
        Assert.That(browser.Errors, Is.Empty, server.Log);
    }

    [Test]
    public async Task One_run_shows_buy_and_hold_on_its_equity_chart_with_its_figures_as_recorder_insight_gives_them()
    {
        var runId = Db.Scalar<string>(db.Path, "SELECT run_id FROM strategy_runs WHERE run_type = 'BACKTEST' ORDER BY start_utc, run_id LIMIT 1");
        await Open("#/run/" + runId, "run");
        var insight = QuantowerRecorder.Tests.Cli.Cli.Run(db.Folder, "insight", runId, "--json", "--db", db.Path);
        Assert.That(insight.ExitCode, Is.EqualTo(0), insight.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(insight.Out);
        var expected = json.RootElement.GetProperty("buy_and_hold").EnumerateArray().Single();
        var symbol = expected.GetProperty("symbol").GetString()!;

        var cards = (await browser.Evaluate("[...document.querySelectorAll('#benchmark .card')].map(c => [c.dataset.key, c.querySelector('.k').textContent, c.querySelector('.v').textContent, c.querySelector('.k').title, c.scrollWidth <= c.clientWidth + 1])"))!
            .AsArray().ToDictionary(c => (string)c![0]!, c => (Label: (string)c![1]!, Value: (string)c[2]!, Title: (string)c[3]!, Whole: (bool)c[4]!));
        Assert.That(cards.Keys, Is.EqualTo(new[] { "buy_and_hold_return_pct", "buy_and_hold_correlation", "buy_and_hold_beta" }));
        Assert.That(cards["buy_and_hold_return_pct"].Label, Is.EqualTo("buy & hold " + symbol));
        Assert.That(cards["buy_and_hold_return_pct"].Value, Is.EqualTo(expected.GetProperty("return_pct").GetDouble().ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture) + " %"));
        foreach (var (key, name) in new[] { ("buy_and_hold_correlation", "correlation"), ("buy_and_hold_beta", "beta") })
        {
            Assert.That(double.Parse(cards[key].Value, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(expected.GetProperty(name).GetDouble()).Within(5e-5), key + " to 4 decimals");
        }

        Assert.That(cards["buy_and_hold_return_pct"].Title, Does.Contain("last close / first open"), "each figure's definition on hover");
        Assert.That(cards["buy_and_hold_correlation"].Title, Does.StartWith("Pearson's correlation"));
        Assert.That(cards["buy_and_hold_beta"].Title, Does.StartWith("cov(strategy, benchmark) / var(benchmark)"));
        Assert.That(cards.Values.Select(c => c.Whole), Has.All.True, "no figure is cut");
        Assert.That((string)(await browser.Evaluate("document.querySelector('#benchmark-legend').textContent"))!, Does.StartWith("buy & hold " + symbol));
        Assert.That((int)(await browser.Evaluate("window.recorderPage.benchmarkPoints"))!,
            Is.EqualTo(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars b JOIN run_series s ON s.series_id = b.series_id WHERE s.run_id = @runId", new { runId }) + 1));

        // Pixels: the dashed orange line on the equity chart, beside the equity line.
        await browser.Evaluate("document.querySelector('#benchmark').scrollIntoView({block: 'start'})");
        var equity = await Box("#equity-chart");
        var shown = await Screenshot("run-benchmark");
        Assert.That(shown.CountNear(equity.X0, equity.Y0, equity.X1, equity.Y1, (0xff, 0xb7, 0x4d), 16), Is.GreaterThan(200), "buy & hold drawn");
        Assert.That(shown.CountNear(equity.X0, equity.Y0, equity.X1, equity.Y1, (0x4a, 0xa3, 0xff), 12), Is.GreaterThan(200), "the equity line is drawn");
        Assert.That(equity.Y1, Is.LessThanOrEqualTo(1800), "the chart is whole in the screenshot");
        Assert.That(browser.Errors, Is.Empty, server.Log);
    }

    [Test]
    public async Task A_run_opens_on_its_whole_period_with_fills_lettered_once_per_bar_and_its_figures_titled_for_people()
    {
        // A paper run of the demo: a month of hourly bars (720, fewer than the chart's pixels), its first trade after its first bar.
        var runId = Db.Scalar<string>(db.Path, "SELECT run_id FROM strategy_runs WHERE run_type = 'PAPER' ORDER BY start_utc, run_id LIMIT 1");
        await Open("#/run/" + runId, "run");
        var (firstBar, lastBar) = Db.Query<(string, string)>(db.Path,
            "SELECT MIN(b.ts_utc), MAX(b.ts_utc) FROM run_series s JOIN bars b ON b.series_id = s.series_id WHERE s.run_id = @runId", new { runId }).Single();
        var firstEntry = Db.Scalar<string>(db.Path, "SELECT MIN(entry_utc) FROM run_trades WHERE run_id = @runId", new { runId });
        Assert.That(string.CompareOrdinal(firstEntry, firstBar), Is.GreaterThan(0), "the run's first trade is after its first bar");
        await browser.WaitFor($"window.recorderPage.visibleRange() && window.recorderPage.visibleRange().from <= {Seconds(firstBar)} && window.recorderPage.visibleRange().to >= {Seconds(lastBar)}",
            TimeSpan.FromSeconds(10));
        Assert.That((double)(await browser.Evaluate("window.recorderPage.visibleRange().from"))!, Is.LessThanOrEqualTo(Seconds(firstEntry)), "the first trade is on screen");
        Assert.That((bool)(await browser.Evaluate("window.recorderPage.lettered"))!, Is.True, "a month of bars is wide enough for letters");

        // Fills on one bar and side are one marker lettered in order, worked out here from the stored fills and bars.
        var shown = (await browser.Evaluate("window.recorderPage.markerList"))!.AsArray()
            .Select(m => (Time: (long)m!["time"]!, Position: (string)m["position"]!, Text: (string)m["text"]!)).ToList();
        var expected = ExpectedMarkers(runId);
        Assert.That(shown, Is.EquivalentTo(expected.Select(m => (m.Time, m.Position, m.Text))));
        Assert.That(shown.Select(m => (m.Time, m.Position)).Distinct().Count(), Is.EqualTo(shown.Count), "no two markers on one spot");
        Assert.That(shown.Select(m => m.Text), Has.Some.Contains("×2"), "an entry filled in two parts is one marker");

        // The cards: titled as people read them, the stored key and its definition in the hover.
        var cards = (await browser.Evaluate("[...document.querySelectorAll('#metrics .card')].map(c => [c.dataset.key, c.querySelector('.k').textContent, c.querySelector('.k').title])"))!
            .AsArray().ToDictionary(c => (string)c![0]!, c => (Title: (string)c![1]!, Hover: (string)c[2]!));
        var titles = new Dictionary<string, string>
        {
            ["net_pnl"] = "Net PnL", ["total_return_pct"] = "Return", ["max_drawdown_pct"] = "Max drawdown", ["trade_count"] = "Trades",
            ["win_rate"] = "Win rate", ["profit_factor"] = "Profit factor",
        };
        foreach (var (key, title) in titles)
        {
            Assert.That(cards[key].Title, Is.EqualTo(title), key);
            Assert.That(cards[key].Hover, Does.StartWith(key + ": "), "the key in the hover");
        }

        Assert.That(cards["net_pnl"].Hover, Does.Contain("Σ closed trades' net PnL"), "with its definition (docs/metrics.md)");
        Assert.That(cards.Values.Select(c => c.Title), Has.None.Matches("^[a-z_]+$"), "no card is titled with a storage key");
        await browser.Evaluate("window.scrollTo(0, 0)");
        await Screenshot("run-whole");
        Assert.That(browser.Errors, Is.Empty, server.Log);
    }

    [Test]
    public async Task A_run_of_months_opens_whole_its_markers_lettered_once_zoomed_in()
    {
        // Fast 5/20's three-month backtest: about 2,000 bars, less than a pixel each when the run opens whole.
        var runId = DemoFiles.TraderRuns(db.Path)[0];
        await Open("#/run/" + runId, "run");
        var (firstBar, lastBar) = Db.Query<(string, string)>(db.Path,
            "SELECT MIN(b.ts_utc), MAX(b.ts_utc) FROM run_series s JOIN bars b ON b.series_id = s.series_id WHERE s.run_id = @runId", new { runId }).Single();
        await browser.WaitFor($"window.recorderPage.visibleRange() && window.recorderPage.visibleRange().from <= {Seconds(firstBar)} && window.recorderPage.visibleRange().to >= {Seconds(lastBar)}",
            TimeSpan.FromSeconds(10));
        Assert.That((bool)(await browser.Evaluate("window.recorderPage.lettered"))!, Is.False, "arrows only: letters of neighbouring trades would cover the candles");
        await browser.Evaluate("window.scrollTo(0, 0)");
        await Screenshot("run-months");
        await browser.Click("#trades-table tbody tr:nth-child(3)");
        await browser.WaitFor("window.recorderPage.shownTrade === 3 && window.recorderPage.lettered === true", TimeSpan.FromSeconds(10));
        Assert.That(browser.Errors, Is.Empty, server.Log);
    }

    // The page's markers by their definition: each fill on the bar it falls in (the last bar opened at or before it,
    // the first bar for an earlier one), grouped by bar and side, lettered E/X/R in time order, repeats counted.
    private List<(long Time, string Position, string Text, int Fills)> ExpectedMarkers(string runId)
    {
        var bars = Db.Query<string>(db.Path, "SELECT b.ts_utc FROM run_series s JOIN bars b ON b.series_id = s.series_id WHERE s.run_id = @runId ORDER BY b.ts_utc", new { runId })
            .Select(Seconds).ToList();
        var fills = Db.Query<(string At, string Side, string Impact)>(db.Path,
            "SELECT exec_utc, side, position_impact FROM executions WHERE run_id = @runId ORDER BY exec_utc", new { runId });
        return fills
            .GroupBy(f => (Bar: bars.LastOrDefault(b => b <= Seconds(f.At), bars[0]), f.Side))
            .Select(g =>
            {
                var roles = g.Select(f => f.Impact switch { "OPEN" => "E", "CLOSE" or "REDUCE" => "X", "REVERSE" => "R", _ => "?" }).ToList();
                var letters = new List<string>();
                for (var i = 0; i < roles.Count;)
                {
                    var n = roles.Skip(i).TakeWhile(r => r == roles[i]).Count();
                    letters.Add(n > 1 ? $"{roles[i]}×{n}" : roles[i]);
                    i += n;
                }

                return (g.Key.Bar, g.Key.Side == "BUY" ? "belowBar" : "aboveBar", string.Join(' ', letters), roles.Count);
            })
            .ToList();
    }

    private static long Seconds(string utc) =>
        DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal).ToUnixTimeSeconds();
}
