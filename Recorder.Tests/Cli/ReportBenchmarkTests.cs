using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// Buy-and-hold of each run's recorded bars in the report (docs/metrics.md, "Buy-and-hold benchmark"): its return,
/// correlation and beta in the metrics equal to what `recorder insight` computes and, for the return, to last close /
/// first open − 1 worked from the stored bars; a dashed line per run on the equity chart from the initial balance to
/// that return, named in the legend; a run without bars or with several symbols says so instead of a figure. The
/// browser side is <see cref="ReportBrowserTests"/>.
/// </summary>
[TestFixture]
public sealed class ReportBenchmarkTests
{
    private TempDatabase db = null!;
    private List<string> runIds = null!;
    private string html = null!;

    [OneTimeSetUp]
    public void MakeReport()
    {
        db = DemoFiles.Create();
        runIds = DemoFiles.TraderRuns(db.Path, "BACKTEST").Take(3).ToList();
        var report = Cli.Run(db.Folder, "report", runIds[0], runIds[1], runIds[2], "--db", db.Path, "-o", "report.html");
        Assert.That(report.ExitCode, Is.EqualTo(0), report.ToString());
        html = File.ReadAllText(db.Sibling("report.html"));
    }

    [OneTimeTearDown]
    public void Remove() => db.Dispose();

    [Test]
    public void Metrics_show_each_runs_buy_and_hold_as_recorder_insight_computes_it_with_its_definition()
    {
        var rows = Rows(html);
        Assert.That(rows.Keys, Is.EquivalentTo(new[] { "buy_and_hold_return_pct", "buy_and_hold_correlation", "buy_and_hold_beta" }));
        Assert.That(rows["buy_and_hold_return_pct"].Title, Does.Contain("last close / first open − 1"));
        // Each figure's own row of docs/metrics.md, "Buy-and-hold benchmark".
        Assert.That(rows["buy_and_hold_correlation"].Title, Does.StartWith("Pearson's correlation of the run's daily returns"));
        Assert.That(rows["buy_and_hold_beta"].Title, Does.StartWith("cov(strategy, benchmark) / var(benchmark)"));
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        foreach (var runId in runIds)
        {
            var insight = Cli.Run(db.Folder, "insight", runId, "--json", "--db", db.Path);
            Assert.That(insight.ExitCode, Is.EqualTo(0), insight.ToString());
            using var json = JsonDocument.Parse(insight.Out);
            var expected = json.RootElement.GetProperty("buy_and_hold").EnumerateArray().Single();
            symbols.Add(expected.GetProperty("symbol").GetString()!);

            var byHand = (ByHand(runId).LastClose / ByHand(runId).FirstOpen - 1) * 100;
            Assert.That(rows["buy_and_hold_return_pct"].Values[runId], Is.EqualTo(byHand).Within(1e-9), runId + ": last close / first open − 1");
            Assert.That(rows["buy_and_hold_return_pct"].Values[runId], Is.EqualTo(expected.GetProperty("return_pct").GetDouble()), runId);
            Assert.That(rows["buy_and_hold_correlation"].Values[runId], Is.EqualTo(expected.GetProperty("correlation").GetDouble()), runId);
            Assert.That(rows["buy_and_hold_beta"].Values[runId], Is.EqualTo(expected.GetProperty("beta").GetDouble()), runId);
            Assert.That(rows["buy_and_hold_return_pct"].Texts[runId],
                Is.EqualTo(byHand.ToString("#,0.00", CultureInfo.InvariantCulture) + " % " + expected.GetProperty("symbol").GetString()), "shown as recorder insight shows it, with the symbol");
        }

        Assert.That(symbols, Is.EquivalentTo(new[] { "BTCUSDT", "ESM6" }), "the demo's backtests trade two instruments");
    }

    [Test]
    public void Equity_chart_has_each_runs_buy_and_hold_line_from_its_initial_balance_to_its_return_named_in_the_legend()
    {
        var chart = Charts(html)["equity-chart"];
        var series = chart.GetProperty("series").EnumerateArray().ToList();
        var lines = series.Where(s => s.GetProperty("kind").GetString() == "line").ToList();
        var benchmarks = series.Where(s => s.GetProperty("kind").GetString() == "benchmark").ToList();
        Assert.That(benchmarks, Has.Count.EqualTo(3), "one buy-and-hold line per run");
        var legend = Regex.Matches(Regex.Match(html, "<div class=\"legend\" data-legend=\"equity-chart\">.*?</div>").Value, "<span class=\"item benchmark\"><span class=\"dash\"[^>]*></span>(.*?)</span>")
            .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        for (var i = 0; i < runIds.Count; i++)
        {
            var runId = runIds[i];
            var line = lines[i];
            var benchmark = benchmarks.Single(b => b.GetProperty("color").GetString() == line.GetProperty("color").GetString());
            var symbol = Db.Scalar<string>(db.Path, "SELECT symbol FROM run_series WHERE run_id = @runId", new { runId });
            var name = line.GetProperty("name").GetString() + " buy & hold " + symbol;
            Assert.That(benchmark.GetProperty("name").GetString(), Is.EqualTo(name));
            Assert.That(legend, Does.Contain(name), "the legend names it");

            var points = benchmark.GetProperty("points").EnumerateArray().Select(p => (X: p[0].GetDouble(), Y: p[1].GetDouble())).ToList();
            var balance = Db.Scalar<double>(db.Path, "SELECT initial_balance FROM strategy_runs WHERE run_id = @runId", new { runId });
            var (firstOpen, lastClose, firstUtc) = ByHand(runId);
            Assert.That(points[0].Y, Is.EqualTo(balance), "held from the initial balance");
            Assert.That(points[0].X, Is.EqualTo((firstUtc - DateTime.UnixEpoch).TotalSeconds), "at the first bar's open (calendar axis)");
            Assert.That(points[^1].Y, Is.EqualTo(balance * lastClose / firstOpen).Within(1e-6), "to the balance × last close / first open");
            Assert.That(points.Count, Is.EqualTo(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars b JOIN run_series s ON s.series_id = b.series_id WHERE s.run_id = @runId", new { runId }) + 1),
                "the first open, then each bar's close");
        }

        Assert.That(html, Does.Contain("id=\"benchmark-note\""));
        Assert.That(html, Does.Not.Contain("data-benchmark-missing"), "every demo run has bars of one symbol");
    }

    [Test]
    public void A_run_without_bars_or_with_several_symbols_says_so_instead_of_a_figure()
    {
        using var own = new TempDatabase();
        var (noBars, twoSymbols) = BenchmarkRuns.Record(own);
        var report = Cli.Run(own.Folder, "report", noBars, twoSymbols, "--db", own.Path, "-o", "none.html");
        Assert.That(report.ExitCode, Is.EqualTo(0), report.ToString());
        var page = File.ReadAllText(own.Sibling("none.html"));

        var rows = Rows(page);
        Assert.That(rows["buy_and_hold_return_pct"].Texts[noBars], Is.EqualTo("no bars recorded"));
        Assert.That(rows["buy_and_hold_return_pct"].Texts[twoSymbols], Is.EqualTo("2 symbols (ES, NQ), no single instrument to hold"));
        foreach (var key in new[] { "buy_and_hold_correlation", "buy_and_hold_beta" })
        {
            Assert.That(rows[key].Texts.Values, Has.All.EqualTo("–"), key + ": no number");
            Assert.That(rows[key].Values, Is.Empty, key);
        }

        Assert.That(Charts(page)["equity-chart"].GetProperty("series").EnumerateArray().Select(s => s.GetProperty("kind").GetString()), Has.None.EqualTo("benchmark"));
        Assert.That(page, Does.Not.Contain("class=\"item benchmark\"").And.Not.Contain("id=\"benchmark-note\""));
        Assert.That(Regex.Matches(page, "<p class=\"note\" data-benchmark-missing>(.*?)</p>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)),
            Has.Some.EndsWith(": buy and hold: no bars recorded.").And.Some.EndsWith(": buy and hold: 2 symbols (ES, NQ), no single instrument to hold."));
    }

    private (double FirstOpen, double LastClose, DateTime FirstUtc) ByHand(string runId)
    {
        var first = Db.Query<(string Ts, double Open)>(db.Path,
            "SELECT b.ts_utc AS Ts, b.open AS Open FROM bars b JOIN run_series s ON s.series_id = b.series_id WHERE s.run_id = @runId ORDER BY b.ts_utc LIMIT 1", new { runId })[0];
        var last = Db.Scalar<double>(db.Path, "SELECT b.close FROM bars b JOIN run_series s ON s.series_id = b.series_id WHERE s.run_id = @runId ORDER BY b.ts_utc DESC LIMIT 1", new { runId });
        return (first.Open, last, DateTime.Parse(first.Ts, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal));
    }

    private sealed record Row(string Title, Dictionary<string, double> Values, Dictionary<string, string> Texts);

    private static Dictionary<string, Row> Rows(string page) =>
        Regex.Matches(page, "<tr class=\"benchmark\"><td class=\"metric\" data-key=\"([a-z_]+)\" title=\"[a-z_]+: ([^\"]*)\">[^<]+</td>(.*?)</tr>").ToDictionary(m => m.Groups[1].Value, m =>
        {
            var cells = Regex.Matches(m.Groups[3].Value, "<td data-run=\"([^\"]+)\"(?: data-value=\"([^\"]*)\")?[^>]*>(.*?)</td>").ToList();
            return new Row(WebUtility.HtmlDecode(m.Groups[2].Value),
                cells.Where(c => c.Groups[2].Success && c.Groups[2].Value.Length > 0)
                    .ToDictionary(c => c.Groups[1].Value, c => double.Parse(c.Groups[2].Value, CultureInfo.InvariantCulture)),
                cells.ToDictionary(c => c.Groups[1].Value, c => WebUtility.HtmlDecode(Regex.Replace(c.Groups[3].Value, "<[^>]+>", ""))));
        });

    private static Dictionary<string, JsonElement> Charts(string page)
    {
        var data = JsonDocument.Parse(WebUtility.HtmlDecode(Regex.Match(page, "<script type=\"application/json\" id=\"report-data\">(.*?)</script>", RegexOptions.Singleline).Groups[1].Value));
        return data.RootElement.GetProperty("charts").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, c => c.Clone());
    }
}
