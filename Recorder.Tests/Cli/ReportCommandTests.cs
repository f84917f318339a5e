using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Insight;
using QuantowerRecorder.Page;
using QuantowerRecorder.Tests.Server;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// The written report file: the page itself saved (its own scripts, stylesheet and chart library inlined, a policy that
/// loads nothing) with the API's answers embedded — each the record the server gives on that path — and those records'
/// figures equal to Analytics' own on the demo: worst drawdowns, metrics with Calmar, months, a forward run's
/// reconciliation. The browser side is <see cref="ReportBrowserTests"/>.
/// </summary>
[TestFixture]
public sealed class ReportCommandTests
{
    private TempDatabase db = null!;
    private List<string> runIds = null!;
    private string html = null!;
    private CliRun report = null!;

    [OneTimeSetUp]
    public void MakeReport()
    {
        db = DemoFiles.Create();
        runIds = DemoFiles.TraderRuns(db.Path);
        report = Cli.Run(db.Folder, "report", runIds[0], runIds[1], runIds[2], "--db", db.Path, "-o", "report.html");
        html = File.Exists(db.Sibling("report.html")) ? File.ReadAllText(db.Sibling("report.html")) : "";
    }

    [OneTimeTearDown]
    public void Remove() => db.Dispose();

    [Test]
    public void Report_writes_one_html_file_and_says_where()
    {
        Assert.That(report.ExitCode, Is.EqualTo(0), report.ToString());
        Assert.That(report.Out, Does.Contain(db.Sibling("report.html")).And.Contain("3 run(s)"));
        Assert.That(html, Does.StartWith("<!DOCTYPE html>"));
    }

    [Test]
    public void Json_output_names_the_file_its_bytes_and_each_run_with_its_closed_trades()
    {
        var run = Cli.Run(db.Folder, "report", runIds[0], runIds[1], "--db", db.Path, "-o", "two.html", "--json");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var written = JsonNode.Parse(run.Out)!;
        Assert.That((string)written["file"]!, Is.EqualTo(db.Sibling("two.html")));
        Assert.That((long)written["bytes"]!, Is.EqualTo(new FileInfo(db.Sibling("two.html")).Length));
        Assert.That((int)written["reconciliations"]!, Is.EqualTo(0));
        var runs = written["runs"]!.AsArray();
        Assert.That(runs.Select(r => (string)r!["run_id"]!), Is.EqualTo(runIds.Take(2)));
        foreach (var r in runs)
        {
            var id = (string)r!["run_id"]!;
            Assert.That((bool)r["has_equity"]!, Is.True);
            Assert.That((int)r["trades"]!, Is.EqualTo(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_trades WHERE run_id = @id AND is_open = 0", new { id })));
            Assert.That((string)r["label"]!, Does.StartWith(id[..8]).And.EndWith(" · BACKTEST"));
        }
    }

    [Test]
    public void Report_is_self_contained_and_loads_nothing_from_anywhere()
    {
        Assert.That(html, Does.Contain("content=\"default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\""));
        var markup = Markup(html);
        Assert.That(Regex.IsMatch(markup, "https?://", RegexOptions.IgnoreCase), Is.False, "no URL in the page outside its scripts");
        Assert.That(Regex.IsMatch(markup, @"<[a-z]+[^>]*\s(src|href)\s*=", RegexOptions.IgnoreCase), Is.False, "no element loads or links anything");
        Assert.That(markup, Does.Not.Contain("<link").And.Not.Contain("<img").And.Not.Contain("@import").And.Not.Contain("<iframe"));
    }

    [Test]
    public void Report_inlines_the_pages_own_files_in_its_order_and_the_chart_library_unedited_and_draws_no_svg_of_its_own()
    {
        var library = PageAssets.Read(PageAssets.ChartLibraryFile);
        Assert.That(library, Does.Contain("@license").And.Contain("Lightweight Charts").And.Contain("v" + PageAssets.ChartLibraryVersion));
        Assert.That(html, Does.Contain($"<script data-library=\"lightweight-charts {PageAssets.ChartLibraryVersion}\">\n{library}\n</script>"), "the file the server ships, as the package ships it");
        var scripts = Regex.Matches(PageAssets.Read("index.html"), "<script src=\"/assets/([^\"]+)\"").Select(m => m.Groups[1].Value).Where(f => f != PageAssets.ChartLibraryFile).ToList();
        Assert.That(scripts, Does.Contain("tearsheet.js").And.Contain("app.js"));
        Assert.That(Regex.Matches(html, "<script data-file=\"([^\"]+)\">").Select(m => m.Groups[1].Value), Is.EqualTo(scripts), "every script of the page, in its order");
        foreach (var file in scripts)
        {
            Assert.That(html, Does.Contain($"<script data-file=\"{file}\">\n{PageAssets.Read(file)}\n</script>"), file + " as the server serves it");
        }

        Assert.That(html, Does.Contain("<style>\n" + PageAssets.Read("app.css") + "</style>"));
        Assert.That(Markup(html), Does.Not.Contain("<svg").And.Not.Contain("<polyline"), "no hand-drawn SVG charts");
    }

    [Test]
    public async Task Every_saved_answer_is_what_the_server_answers_on_its_path()
    {
        var snapshot = SavedReport.Snapshot(html);
        Assert.That((string)snapshot["route"]!, Is.EqualTo("#/report/" + string.Join(',', runIds.Take(3))));
        var paths = snapshot["paths"]!.AsObject();
        Assert.That(paths.Select(p => p.Key), Does.Contain("/api/runs/" + runIds[0] + "/equity").And.Contain("/api/metrics/definitions")
            .And.Some.StartsWith("/api/tearsheet/").And.Some.StartsWith($"/api/runs/{runIds[0]}/whatif?symbol="));
        await using var server = await TestServer.StartAsync(db.Path);
        foreach (var (path, saved) in paths)
        {
            var answer = JsonNode.Parse(await server.Client.GetStringAsync(path));
            Assert.That(JsonNode.DeepEquals(answer, saved), Is.True, path + ": the server's record, serialised as the server serialises it");
        }

        Assert.That(snapshot["errors"]!.AsObject(), Is.Empty, "the demo's backtests have fills and bars for every view");
    }

    [Test]
    public void Worst_drawdowns_equal_DrawdownEpisodes_on_the_stored_equity()
    {
        var tearsheet = SavedReport.Tearsheet(SavedReport.Snapshot(html));
        foreach (var (runId, i) in runIds.Take(3).Select((id, i) => (id, i)))
        {
            using var store = QuantowerRecorder.Storage.Queries.RecorderStore.OpenRead(db.Path);
            var equity = store.Performance.Equity(runId)
                .Select(e => new EquityPoint(DateTime.Parse(e.TsUtc, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), e.Equity, e.Drawdown, e.DrawdownPct)).ToList();
            var expected = DrawdownEpisodes.Worst(equity, 5, knownBalance: true);
            var saved = tearsheet["runs"]![i]!;
            Assert.That((string)saved["run_id"]!, Is.EqualTo(runId));
            var episodes = saved["worst_drawdowns"]!.AsArray();
            Assert.That(expected, Has.Count.EqualTo(5), "the demo's runs draw down often");
            Assert.That(episodes.Select(e => ((double)e!["depth"]!, (double?)e["depth_pct"], (double)e["length_days"]!, (string?)e["recovery_utc"] is null)),
                Is.EqualTo(expected.Select(e => (e.Depth, e.DepthPct, e.Length.TotalDays, e.RecoveryUtc is null))), runId);
            Assert.That(episodes.Select(e => DateTime.Parse((string)e!["valley_utc"]!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)),
                Is.EqualTo(expected.Select(e => e.ValleyUtc)), runId);
        }
    }

    [Test]
    public void Metrics_include_cagr_volatility_calmar_var_psr_and_dsr_each_with_its_definition()
    {
        var snapshot = SavedReport.Snapshot(html);
        var rows = SavedReport.Tearsheet(snapshot)["metrics"]!["rows"]!.AsArray().ToDictionary(r => (string)r!["key"]!, r => r!);
        var definitions = snapshot["paths"]!["/api/metrics/definitions"]!;
        foreach (var key in new[] { "net_pnl", "cagr_pct", "volatility_ann_pct", "calmar", "var_95", "probabilistic_sharpe", "deflated_sharpe" })
        {
            Assert.That(rows.ContainsKey(key), Is.True, key + " shown");
        }

        var keys = rows.Keys.ToList();
        Assert.That(keys.IndexOf("calmar"), Is.EqualTo(keys.IndexOf("max_drawdown_pct") + 1), "Calmar after the drawdown rows");
        Assert.That((string)definitions["calmar"]!["text"]!, Does.Contain("cagr_pct").And.Contain("max_drawdown_pct"));
        Assert.That(keys.Where(k => definitions[k] is null || ((string)definitions[k]!["text"]!).Length < 10), Is.Empty, "every metric has a definition");
        var calmar = rows["calmar"]!["values"]!.AsArray().Select(v => (double?)v).ToList();
        var cagr = rows["cagr_pct"]!["values"]!.AsArray().Select(v => (double?)v).ToList();
        var depth = rows["max_drawdown_pct"]!["values"]!.AsArray().Select(v => (double?)v).ToList();
        Assert.That(calmar, Is.EqualTo(cagr.Select((c, i) => CalmarRatio.Of(c, depth[i]))));
        Assert.That(rows.Values.Any(r => r["best"]!.AsArray().Count > 0), Is.True, "best values are marked");
    }

    [Test]
    public void Monthly_returns_hold_only_months_in_the_runs()
    {
        var paper = ForwardPair();
        var run = Cli.Run(db.Folder, "report", paper.Run, paper.Backtest, "--db", db.Path, "-o", "forward.html");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var forward = SavedReport.Tearsheet(SavedReport.Snapshot(File.ReadAllText(db.Sibling("forward.html"))));
        // Both start a few minutes before 1 April (the paper period) and trade in April only.
        Assert.That(forward["runs"]!.AsArray().Select(Months), Has.All.EqualTo(new[] { "2026-04" }));

        // The Q1 backtests end with the bar that closes at 00:00 on 1 April: that is March's close, not an April month.
        // Those that still held a position then have fills stamped after it (the closing trade at 00:00:00.3 and .6),
        // hence April; the others have none.
        var tearsheet = SavedReport.Tearsheet(SavedReport.Snapshot(html));
        var counts = new List<int>();
        foreach (var (id, i) in runIds.Take(3).Select((id, i) => (id, i)))
        {
            var closedAfter = Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM executions WHERE run_id = @id AND exec_utc >= '2026-04-01'", new { id }) > 0;
            var months = Months(tearsheet["runs"]![i]);
            Assert.That(months, Is.EqualTo(closedAfter ? new[] { "2026-01", "2026-02", "2026-03", "2026-04" } : new[] { "2026-01", "2026-02", "2026-03" }), id);
            counts.Add(months.Count);
        }

        Assert.That(counts.Count(c => c == 4), Is.InRange(1, 2), "both cases are in the demo");
    }

    [Test]
    public void Forward_and_backtest_report_reconciles_them_as_recorder_reconcile_does()
    {
        var pair = ForwardPair();
        var run = Cli.Run(db.Folder, "report", pair.Run, pair.Backtest, "--db", db.Path, "-o", "reconciled.html");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var reconciliation = SavedReport.Tearsheet(SavedReport.Snapshot(File.ReadAllText(db.Sibling("reconciled.html"))))["reconciliations"]!.AsArray().Single()!;
        Assert.That((string)reconciliation["forward_run"]!, Is.EqualTo(pair.Run));
        Assert.That((string)reconciliation["backtest_run"]!, Is.EqualTo(pair.Backtest));
        var bridge = reconciliation["bridge"]!;
        var parts = new[] { "missed", "extra", "entry_slippage", "exit_slippage", "fees", "timing", "rest" };
        Assert.That(parts.Sum(p => (double)bridge["parts"]![p]!), Is.EqualTo((double)bridge["forward_net_pnl"]! - (double)bridge["backtest_net_pnl"]!).Within(1e-6));

        // The same figures as `recorder reconcile` prints: one code path.
        var reconcile = Cli.Run(db.Folder, "reconcile", pair.Run, pair.Backtest, "--db", db.Path, "--json");
        Assert.That(reconcile.ExitCode, Is.EqualTo(0), reconcile.ToString());
        var expected = JsonNode.Parse(reconcile.Out)!["bridge"]!;
        Assert.That((double)bridge["backtest_net_pnl"]!, Is.EqualTo((double)expected["backtest_net_pnl"]!));
        Assert.That((double)bridge["forward_net_pnl"]!, Is.EqualTo((double)expected["forward_net_pnl"]!));
        Assert.That(parts.Select(p => (double)bridge["parts"]![p]!), Is.EqualTo(parts.Select(p => (double)expected["parts"]![p]!)));
        Assert.That((int)reconciliation["matched"]!, Is.GreaterThan(0));
        Assert.That(SavedReport.Tearsheet(SavedReport.Snapshot(html))["reconciliations"]!.AsArray(), Is.Empty, "three backtests: nothing to reconcile");
    }

    [Test]
    public void Runs_over_different_periods_are_overlaid_by_days_since_their_start()
    {
        var paper = Db.Scalar<string>(db.Path, "SELECT run_id FROM strategy_runs WHERE run_type = 'PAPER' LIMIT 1");
        var run = Cli.Run(db.Folder, "report", runIds[0], paper, "--db", db.Path, "-o", "mixed.html");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That((bool)SavedReport.Tearsheet(SavedReport.Snapshot(File.ReadAllText(db.Sibling("mixed.html"))))["calendar"]!, Is.False);
        Assert.That((bool)SavedReport.Tearsheet(SavedReport.Snapshot(html))["calendar"]!, Is.True, "backtests of the same period share the calendar");
    }

    [Test]
    public void Amounts_are_labelled_with_the_instruments_currency()
    {
        var currency = Db.Scalar<string>(db.Path, "SELECT DISTINCT currency FROM run_instruments WHERE run_id = @id", new { id = runIds[0] });
        Assert.That((string)SavedReport.Tearsheet(SavedReport.Snapshot(html))["currency_label"]!, Is.EqualTo(currency));
    }

    private (string Run, string Backtest) ForwardPair() => Db.Query<(string Run, string Backtest)>(db.Path,
        "SELECT f.run_id AS Run, b.run_id AS Backtest FROM strategy_runs f JOIN strategy_runs b ON b.instance_id = f.instance_id AND b.run_type = 'BACKTEST' AND b.start_utc <= f.start_utc AND b.end_utc >= f.end_utc WHERE f.run_type = 'PAPER'")[0];

    private static List<string> Months(JsonNode? run) =>
        run!["monthly"]!.AsArray().Select(m => $"{(int)m!["year"]!:0000}-{(int)m["month"]!:00}").ToList();

    // The page without the contents of its script elements (the library holds its licence's and vendor's addresses as text).
    private static string Markup(string page) => Regex.Replace(page, "(<script[^>]*>).*?(</script>)", "$1$2", RegexOptions.Singleline);
}
