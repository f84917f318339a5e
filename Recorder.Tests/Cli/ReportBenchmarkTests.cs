using System.Globalization;
using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Tests.Server;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// Buy-and-hold of each run's recorded bars in the saved report (docs/metrics.md, "Buy-and-hold benchmark"): the
/// embedded GET /api/runs/{id}/benchmark of each run holds its return, correlation and beta as `recorder insight`
/// computes them and, for the return, last close / first open − 1 worked from the stored bars; its line runs from the
/// initial balance to that return; a run without bars or with several symbols says so on the page instead of a figure.
/// The charts' side is <see cref="ReportBrowserTests"/>.
/// </summary>
[TestFixture]
public sealed class ReportBenchmarkTests
{
    private TempDatabase db = null!;
    private List<string> runIds = null!;
    private JsonNode snapshot = null!;

    [OneTimeSetUp]
    public void MakeReport()
    {
        db = DemoFiles.Create();
        runIds = DemoFiles.TraderRuns(db.Path, "BACKTEST").Take(3).ToList();
        var report = Cli.Run(db.Folder, "report", runIds[0], runIds[1], runIds[2], "--db", db.Path, "-o", "report.html");
        Assert.That(report.ExitCode, Is.EqualTo(0), report.ToString());
        snapshot = SavedReport.Snapshot(File.ReadAllText(db.Sibling("report.html")));
    }

    [OneTimeTearDown]
    public void Remove() => db.Dispose();

    [Test]
    public void Each_runs_buy_and_hold_is_what_recorder_insight_computes_with_its_definition()
    {
        var definitions = snapshot["paths"]!["/api/metrics/definitions"]!;
        Assert.That((string)definitions["buy_and_hold_return_pct"]!["text"]!, Does.Contain("last close / first open − 1"));
        Assert.That((string)definitions["buy_and_hold_correlation"]!["text"]!, Does.StartWith("Pearson's correlation of the run's daily returns"));
        Assert.That((string)definitions["buy_and_hold_beta"]!["text"]!, Does.StartWith("cov(strategy, benchmark) / var(benchmark)"));
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        foreach (var runId in runIds)
        {
            var insight = Cli.Run(db.Folder, "insight", runId, "--json", "--db", db.Path);
            Assert.That(insight.ExitCode, Is.EqualTo(0), insight.ToString());
            var expected = JsonNode.Parse(insight.Out)!["buy_and_hold"]!.AsArray().Single()!;
            var saved = Benchmark(runId);
            symbols.Add((string)saved["symbol"]!);
            var byHand = (ByHand(runId).LastClose / ByHand(runId).FirstOpen - 1) * 100;
            Assert.That((double)saved["return_pct"]!, Is.EqualTo(byHand).Within(1e-9), runId + ": last close / first open − 1");
            Assert.That((string)saved["symbol"]!, Is.EqualTo((string)expected["symbol"]!));
            foreach (var figure in new[] { "return_pct", "correlation", "beta" })
            {
                Assert.That((double)saved[figure]!, Is.EqualTo((double)expected[figure]!), $"{runId}: {figure}");
            }
        }

        Assert.That(symbols, Is.EquivalentTo(new[] { "BTCUSDT", "ESM6" }), "the demo's backtests trade two instruments");
    }

    [Test]
    public void Each_runs_line_runs_from_its_initial_balance_over_its_bars_to_its_return()
    {
        foreach (var runId in runIds)
        {
            var line = Benchmark(runId)["line"]!.AsArray();
            var balance = Db.Scalar<double>(db.Path, "SELECT initial_balance FROM strategy_runs WHERE run_id = @runId", new { runId });
            var (firstOpen, lastClose, firstUtc) = ByHand(runId);
            Assert.That((double)line[0]!["value"]!, Is.EqualTo(balance), "held from the initial balance");
            Assert.That(DateTime.Parse((string)line[0]!["ts_utc"]!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), Is.EqualTo(firstUtc), "at the first bar's open");
            Assert.That((double)line[^1]!["value"]!, Is.EqualTo(balance * lastClose / firstOpen).Within(1e-6), "to the balance × last close / first open");
            Assert.That(line.Count, Is.EqualTo(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars b JOIN run_series s ON s.series_id = b.series_id WHERE s.run_id = @runId", new { runId }) + 1),
                "the first open, then each bar's close");
        }
    }

    [Test]
    [Category("Browser")]
    public async Task A_run_without_bars_or_with_several_symbols_says_so_instead_of_a_figure()
    {
        using var own = new TempDatabase();
        var (noBars, twoSymbols) = BenchmarkRuns.Record(own);
        var report = Cli.Run(own.Folder, "report", noBars, twoSymbols, "--db", own.Path, "-o", "none.html");
        Assert.That(report.ExitCode, Is.EqualTo(0), report.ToString());
        await using var browser = await DevToolsBrowser.StartAsync(own.Sibling("browser-profile"), width: 1280, height: 1000);
        await SavedReport.Open(browser, own.Sibling("none.html"), "report");
        var cells = (await browser.Evaluate("Object.fromEntries([...document.querySelectorAll('#metrics tr.benchmark')].map(tr => [tr.cells[0].dataset.key, [...tr.cells].slice(1).map(c => [c.dataset.run, c.textContent, c.dataset.value ?? null])]))"))!;
        string Text(string key, string run) => (string)cells[key]!.AsArray().Single(c => (string)c![0]! == run)![1]!;
        Assert.That(Text("buy_and_hold_return_pct", noBars), Is.EqualTo("no bars recorded"));
        Assert.That(Text("buy_and_hold_return_pct", twoSymbols), Is.EqualTo("2 symbols (ES, NQ), no single instrument to hold"));
        foreach (var key in new[] { "buy_and_hold_correlation", "buy_and_hold_beta" })
        {
            Assert.That(cells[key]!.AsArray().Select(c => (string)c![1]!), Has.All.EqualTo("–"), key + ": no number");
            Assert.That(cells[key]!.AsArray().Select(c => c![2]), Has.All.Null, key);
        }

        Assert.That((int)(await browser.Evaluate("document.querySelectorAll('[data-legend=\"equity-chart\"] .item.benchmark').length"))!, Is.EqualTo(0), "no buy-and-hold line");
        Assert.That((bool)(await browser.Evaluate("document.getElementById('benchmark-note') === null"))!, Is.True);
        Assert.That(await SavedReport.Texts(browser, "p.note[data-benchmark-missing]"),
            Has.Some.EndsWith(": buy and hold: no bars recorded.").And.Some.EndsWith(": buy and hold: 2 symbols (ES, NQ), no single instrument to hold."));
        Assert.That(browser.Errors, Is.Empty);
    }

    private JsonNode Benchmark(string runId) => snapshot["paths"]![$"/api/runs/{runId}/benchmark"]!;

    private (double FirstOpen, double LastClose, DateTime FirstUtc) ByHand(string runId)
    {
        var first = Db.Query<(string Ts, double Open)>(db.Path,
            "SELECT b.ts_utc AS Ts, b.open AS Open FROM bars b JOIN run_series s ON s.series_id = b.series_id WHERE s.run_id = @runId ORDER BY b.ts_utc LIMIT 1", new { runId })[0];
        var last = Db.Scalar<double>(db.Path, "SELECT b.close FROM bars b JOIN run_series s ON s.series_id = b.series_id WHERE s.run_id = @runId ORDER BY b.ts_utc DESC LIMIT 1", new { runId });
        return (first.Open, last, DateTime.Parse(first.Ts, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal));
    }
}
