using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

/// <summary>
/// The page follows the file in a real headless browser: events recorded into the file while the page is open show
/// on it without a reload — a running run's row in place on the runs list, its figures and trades on its view, and its
/// end turning the view into an ended run's. Screenshots in /tmp/watch-shots/ and attached to the results.
/// </summary>
[TestFixture]
[Category("Browser")]
public sealed class WatchPageBrowserTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Test]
    public async Task A_running_run_recorded_while_the_page_is_open_updates_in_place_and_turns_ended()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Live);
        Recorded.Write(db.Path, s.Start());
        await using var server = await TestServer.StartAsync(db.Path);
        await using var browser = await DevToolsBrowser.StartAsync(db.Sibling("browser-profile"), height: 900);

        await FollowRuns(server, browser);
        Assert.That(await Cell(browser, 7), Is.EqualTo("RUNNING"));
        Assert.That(await Cell(browser, 12), Is.EqualTo("0"), "no trade yet (the writer's close analysed it as it was)");
        await browser.Evaluate("window.listBefore = document.getElementById('runs-table'); true");

        // A trade recorded (and, at the writer's close, analysed): the row shows it, the list is not read again.
        Recorded.Write(db.Path, RoundTrip(s, 1));
        await browser.WaitFor("window.recorderPage.updated >= 1 && document.querySelector('#runs-table tbody tr td:nth-child(12)').textContent === '1'", Deadline);
        Assert.That(await Cell(browser, 7), Does.Match(@"^RUNNING · changed \d+ s ago$"));
        Assert.That(await Cell(browser, 8), Does.Not.EqualTo("—"), "its net PnL");
        Assert.That((bool)(await browser.Evaluate("document.getElementById('runs-table') === window.listBefore"))!, Is.True, "the row replaced in the same table");
        await Shot(browser, "runs-running");

        // Its view while it runs: a second trade brings its figures and trades table up to date, the chart left as it is.
        await browser.Navigate(new Uri(server.Server.Address, "/#/run/" + s.RunId));
        await browser.WaitFor($"window.recorderPage && window.recorderPage.ready && window.recorderPage.view === 'run' && window.recorderPage.shown === '#/run/{s.RunId}'", Deadline);
        Assert.That(await Text(browser, "#trades-title"), Does.StartWith("Trades (1)"));
        await browser.Evaluate("window.chartBefore = document.querySelector('#price-chart'); true");
        Assert.That(await Number(browser, "window.recorderPage.bars"), Is.EqualTo(2));
        Assert.That(await Number(browser, "window.recorderPage.fills"), Is.EqualTo(2));
        var equityBefore = await Number(browser, "window.recorderPage.equityPoints");
        // The reader zooms in on the first bar: the new bars come on the right, out of view, and the zoom stays.
        await browser.Evaluate("window.recorderPage.setVisibleRange({ from: window.recorderPage.markerList[0].time - 30, to: window.recorderPage.markerList[0].time + 30 }); true");
        var zoom = (string)(await browser.Evaluate("JSON.stringify(window.recorderPage.visibleRange())"))!;
        var updates = (int)(await browser.Evaluate("window.recorderPage.updated"))!;
        Recorded.Write(db.Path, RoundTrip(s, 2));
        // Each change read again (the run's record and its trades, two requests) until the writer's close analysed it.
        await browser.WaitFor($"window.recorderPage.updated > {updates} && document.querySelector('#metrics [data-key=trade_count] .v')?.textContent === '2'", Deadline);
        Assert.That(await Text(browser, "#trades-title"), Does.StartWith("Trades (2)"));
        Assert.That((bool)(await browser.Evaluate("document.querySelector('#price-chart') === window.chartBefore"))!, Is.True, "the chart kept");
        await browser.WaitFor("window.recorderPage.bars === 4", Deadline);
        Assert.That(await Number(browser, "window.recorderPage.fills"), Is.EqualTo(4), "its new fills marked");
        Assert.That(await Number(browser, "window.recorderPage.equityPoints"), Is.GreaterThan(equityBefore), "its equity extended");
        Assert.That(await Text(browser, "#bar-count"), Does.EndWith("· 4 bars"));
        Assert.That((string)(await browser.Evaluate("JSON.stringify(window.recorderPage.visibleRange())"))!, Is.EqualTo(zoom), "the reader's zoom kept");
        Assert.That(await Text(browser, "#run-state"), Is.EqualTo("RUNNING"));
        await Shot(browser, "run-running");

        // Its end: the view is drawn again as the ended run's, by itself.
        updates = (int)(await browser.Evaluate("window.recorderPage.updated"))!;
        Recorded.Write(db.Path, [s.End()]);
        await browser.WaitFor($"window.recorderPage.updated > {updates} && window.recorderPage.ready && document.getElementById('run-state')?.textContent === 'COMPLETED'", Deadline);
        await Shot(browser, "run-ended");

        await browser.Navigate(server.Server.Address);
        await browser.WaitFor("window.recorderPage && window.recorderPage.ready && window.recorderPage.view === 'runs' && window.recorderPage.shown === '#/runs'", Deadline);
        Assert.That(await Cell(browser, 7), Is.EqualTo("COMPLETED"));
        Assert.That(browser.Errors, Is.Empty, server.Log);
    }

    [Test]
    public async Task A_running_backtest_shows_the_share_it_reported_with_the_time_left_and_moves_with_it()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, s.Start().Append(Progress(s, 4_200, 10_000)));
        await using var server = await TestServer.StartAsync(db.Path);
        await using var browser = await DevToolsBrowser.StartAsync(db.Sibling("browser-profile"), height: 900);

        await FollowRuns(server, browser);
        const string Left = @"(, about \d+(\.\d)? (s|min|h) left)?";
        Assert.That(await Cell(browser, 7), Does.Match(@"^RUNNING · 42% \(4,200 of 10,000\)" + Left + "$"));

        // Its next report moves the row in place.
        Recorded.Write(db.Path, [Progress(s, 6_000, 10_000)]);
        await browser.WaitFor("document.querySelector('#runs-table tbody tr td:nth-child(7)').textContent.includes('60%')", Deadline);
        Assert.That(await Cell(browser, 7), Does.Match(@"^RUNNING · 60% \(6,000 of 10,000\)" + Left + @"( · changed \d+ s ago)?$"));
        await Shot(browser, "runs-progress");

        await browser.Navigate(new Uri(server.Server.Address, "/#/run/" + s.RunId));
        await browser.WaitFor($"window.recorderPage && window.recorderPage.ready && window.recorderPage.view === 'run' && window.recorderPage.shown === '#/run/{s.RunId}'", Deadline);
        Assert.That(await Text(browser, "#run-state"), Does.Match(@"^RUNNING · 60% \(6,000 of 10,000\)" + Left + "$"));
        Assert.That(browser.Errors, Is.Empty, server.Log);
    }

    [Test]
    public async Task A_studys_page_fills_its_passes_table_as_passes_land()
    {
        using var db = new TempDatabase();
        for (var period = 1; period <= 5; period++)
        {
            Pass(db.Path, period);
        }

        await using var server = await TestServer.StartAsync(db.Path);
        await using var browser = await DevToolsBrowser.StartAsync(db.Sibling("browser-profile"), height: 900);
        var studies = System.Text.Json.Nodes.JsonNode.Parse(await server.Client.GetStringAsync("/api/studies/"))!.AsArray();
        var id = (string)studies.Single()!["study_id"]!;
        await browser.Navigate(new Uri(server.Server.Address, "/#/study/" + id));
        await browser.WaitFor($"window.recorderPage && window.recorderPage.ready && window.recorderPage.view === 'study' && window.recorderPage.shown === '#/study/{id}'", Deadline);
        await server.Server.Changes!.WhenFollowers(1).WaitAsync(Deadline);
        Assert.That(await Number(browser, "document.querySelectorAll('#study-passes tbody tr').length"), Is.EqualTo(5));
        await Shot(browser, "study-five-passes");

        // The optimiser's sixth pass lands: the table and the surfaces are drawn again with it, on the same page.
        var updates = (int)(await browser.Evaluate("window.recorderPage.updated"))!;
        Pass(db.Path, 6);
        await browser.WaitFor($"window.recorderPage.updated > {updates} && window.recorderPage.ready && document.querySelectorAll('#study-passes tbody tr').length === 6", Deadline);
        Assert.That(await Text(browser, "h1"), Does.StartWith("Study "));
        Assert.That(await Text(browser, "#view p.muted"), Does.Contain("6 passes"));
        await Shot(browser, "study-six-passes");
        Assert.That(browser.Errors, Is.Empty, server.Log);
    }

    // A pass of strategy "Sweep": a long trade a day for three days, won or lost by an amount the period decides.
    private static void Pass(string path, int period)
    {
        var s = new Scenario(source: RunSource.Backtest, strategy: "Sweep", parameters: new Dictionary<string, object?> { ["period"] = period, ["threshold"] = 1.5 });
        var trades = Enumerable.Range(0, 3).SelectMany(day => new RecorderEvent[]
        {
            s.Order($"E{day}", Side.Buy, 1, "FILLED", at: (86_400.0 * day) + 60, filled: 1),
            s.Fill($"XE{day}", $"E{day}", Side.Buy, 1, price: 5000, at: (86_400.0 * day) + 60),
            s.Order($"C{day}", Side.Sell, 1, "FILLED", at: (86_400.0 * day) + 3600, filled: 1),
            s.Fill($"XC{day}", $"C{day}", Side.Sell, 1, price: 5000 + ((day * period) % 5) - 2, at: (86_400.0 * day) + 3600),
        });
        Recorded.Write(path, s.Start(withSeries: false).Concat(trades).Append(s.End(at: 86_400 * 4)));
    }

    [Test]
    public async Task A_file_gone_or_replaced_under_the_page_is_said_on_it_and_the_page_follows_again_when_it_is_back()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Live);
        Recorded.Write(db.Path, s.Start());
        var copy = db.Sibling("copy.db");
        File.Copy(db.Path, copy);
        await using var server = await TestServer.StartAsync(db.Path);
        await using var browser = await DevToolsBrowser.StartAsync(db.Sibling("browser-profile"), height: 900);
        await FollowRuns(server, browser);

        File.Delete(db.Path);
        await browser.WaitFor("document.getElementById('watch').className === 'error'", Deadline);
        Assert.That(await Text(browser, "#watch"), Does.StartWith("⚠ no file at recorder.db"));
        await Shot(browser, "runs-file-gone");

        // Something that is not a recorder file in its place (a truncated or replaced file): said in its own words.
        await File.WriteAllTextAsync(db.Path, "not a database, just text long enough to be read as a header and refused by SQLite ........................................");
        await browser.WaitFor("document.getElementById('watch').textContent.includes('cannot read the file now')", Deadline);

        // The file back with a trade more: the page follows again, and the run's row shows the trade.
        Recorded.Write(copy, RoundTrip(s, 1));
        File.Copy(copy, db.Path, overwrite: true);
        await browser.WaitFor("document.getElementById('watch').className === 'following' && document.querySelector('#runs-table tbody tr td:nth-child(12)').textContent === '1'", Deadline);
        Assert.That(browser.Errors, Is.Empty, server.Log);
    }

    // The runs list open and following the file, the server counting it.
    private static async Task FollowRuns(TestServer server, DevToolsBrowser browser)
    {
        await browser.Navigate(server.Server.Address);
        await browser.WaitFor("window.recorderPage && window.recorderPage.ready && window.recorderPage.view === 'runs'", Deadline);
        await browser.WaitFor("document.getElementById('watch').className === 'following'", Deadline);
        await server.Server.Changes!.WhenFollowers(1).WaitAsync(Deadline);
    }

    private static RunProgress Progress(Scenario s, long processed, long total) =>
        new() { RunId = s.RunId, EventUtc = Scenario.T0.AddMinutes(processed / 100.0), Source = s.Source, ProcessedCount = processed, TotalCount = total };

    private static async Task<double> Number(DevToolsBrowser browser, string expression) =>
        (double)(await browser.Evaluate(expression))!;

    private static async Task<string> Cell(DevToolsBrowser browser, int column) =>
        await Text(browser, $"#runs-table tbody tr td:nth-child({column})");

    private static async Task<string> Text(DevToolsBrowser browser, string selector) =>
        (string)(await browser.Evaluate($"document.querySelector('{selector}').textContent"))!;

    private static async Task Shot(DevToolsBrowser browser, string name)
    {
        var path = Path.Combine(Path.GetTempPath(), "watch-shots", name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await browser.Screenshot(path);
        TestContext.AddTestAttachment(path);
    }

    // Trade n: 1 ES bought at 5000 + n, sold 3 points higher a minute later.
    private static IEnumerable<RecorderEvent> RoundTrip(Scenario s, int n)
    {
        var at = 120.0 * n;
        return
        [
            s.Bar(2 * n, 5000 + n), s.Order($"E{n}", Side.Buy, 1, "FILLED", at: at + 1, filled: 1), s.Fill($"XE{n}", $"E{n}", Side.Buy, 1, price: 5000 + n, at: at + 1),
            s.Bar((2 * n) + 1, 5003 + n), s.Order($"C{n}", Side.Sell, 1, "FILLED", at: at + 61, filled: 1), s.Fill($"XC{n}", $"C{n}", Side.Sell, 1, price: 5003 + n, at: at + 61),
        ];
    }
}
