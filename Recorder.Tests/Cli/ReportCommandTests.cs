using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Insight;
using QuantowerRecorder.Page;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// The written report file: one self-contained page (the server's lightweight-charts inlined, a policy that loads
/// nothing), the runs with their parameters one per row, the Insight tables equal to Analytics' own results on the
/// demo, and a forward run's reconciliation with its backtest. The browser side is <see cref="ReportBrowserTests"/>.
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
    public void Report_is_self_contained_and_loads_nothing_from_anywhere()
    {
        Assert.That(html, Does.Contain("content=\"default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\""));
        var markup = Markup(html);
        Assert.That(Regex.IsMatch(markup, "https?://", RegexOptions.IgnoreCase), Is.False, "no URL in the page outside the library");
        Assert.That(Regex.IsMatch(markup, @"<[a-z]+[^>]*\s(src|href)\s*=", RegexOptions.IgnoreCase), Is.False, "no element loads or links anything");
        Assert.That(markup, Does.Not.Contain("<link").And.Not.Contain("<img").And.Not.Contain("@import").And.Not.Contain("<iframe"));
    }

    [Test]
    public void Report_inlines_the_servers_chart_library_with_its_licence_and_draws_no_svg_of_its_own()
    {
        var library = PageAssets.Read(PageAssets.ChartLibraryFile);
        Assert.That(library, Does.Contain("@license").And.Contain("Lightweight Charts").And.Contain("v" + PageAssets.ChartLibraryVersion));
        Assert.That(html, Does.Contain(library), "the same file the server ships");
        Assert.That(html, Does.Contain($"data-library=\"lightweight-charts {PageAssets.ChartLibraryVersion}\""));
        Assert.That(Markup(html), Does.Not.Contain("<svg").And.Not.Contain("<polyline"), "no hand-drawn SVG charts");
    }

    [Test]
    public void Chart_data_has_a_series_per_run_with_many_points()
    {
        using var data = JsonDocument.Parse(WebUtility.HtmlDecode(Regex.Match(html, "<script type=\"application/json\" id=\"report-data\">(.*?)</script>", RegexOptions.Singleline).Groups[1].Value));
        var charts = data.RootElement.GetProperty("charts").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, c => c);
        Assert.That(charts.Keys, Is.EquivalentTo(new[] { "equity-chart", "underwater-chart", "rolling-sharpe-chart", "rolling-volatility-chart", "returns-histogram", "mae-mfe-chart" }));
        foreach (var id in new[] { "equity-chart", "underwater-chart" })
        {
            // The equity chart's buy-and-hold lines are ReportBenchmarkTests' part.
            var series = charts[id].GetProperty("series").EnumerateArray().Where(s => s.GetProperty("kind").GetString() != "benchmark").ToList();
            Assert.That(series, Has.Count.EqualTo(3), id);
            Assert.That(series.Min(s => s.GetProperty("points").GetArrayLength()), Is.GreaterThan(100), id + " lines have many points");
        }

        var trades = Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_trades WHERE run_id IN (@a, @b, @c) AND is_open = 0", new { a = runIds[0], b = runIds[1], c = runIds[2] });
        Assert.That(charts["mae-mfe-chart"].GetProperty("series").EnumerateArray().Sum(s => s.GetProperty("points").GetArrayLength()), Is.EqualTo(trades), "one point per closed trade");
    }

    [Test]
    public void Parameters_render_as_one_key_value_row_each()
    {
        var json = Db.Scalar<string>(db.Path, "SELECT i.parameters_json FROM strategy_runs r JOIN strategy_instances i ON i.instance_id = r.instance_id WHERE r.run_id = @id", new { id = runIds[0] });
        using var parameters = JsonDocument.Parse(json);
        var row = Regex.Match(html, "<table id=\"runs\".*?</table>\n", RegexOptions.Singleline).Value;
        var first = Regex.Matches(row, "<table class=\"params\">(.*?)</table>", RegexOptions.Singleline)[0].Groups[1].Value;
        var items = Regex.Matches(first, "<tr><th>(.*?)</th><td>(.*?)</td></tr>").Select(m => (WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value))).ToList();
        var expected = parameters.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())).ToList();
        Assert.That(expected, Has.Count.GreaterThan(1));
        Assert.That(items, Is.EqualTo(expected));
    }

    [Test]
    public void Worst_drawdowns_table_equals_DrawdownEpisodes_on_the_stored_equity()
    {
        foreach (var runId in runIds.Take(3))
        {
            // Every stored point, flat stretches unfolded (docs/metrics.md, "Equity curve").
            using var store = QuantowerRecorder.Storage.Queries.RecorderStore.OpenRead(db.Path);
            var equity = store.Performance.Equity(runId)
                .Select(e => new EquityPoint(DateTime.Parse(e.TsUtc, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), e.Equity, e.Drawdown, e.DrawdownPct)).ToList();
            var expected = DrawdownEpisodes.Worst(equity, 5).Select(e => new[]
            {
                Minute(e.StartUtc), Minute(e.ValleyUtc), e.RecoveryUtc is { } r ? Minute(r) : "not recovered",
                (-e.Depth).ToString("#,0.00", CultureInfo.InvariantCulture), (-e.DepthPct!.Value).ToString("#,0.00", CultureInfo.InvariantCulture) + " %",
                e.Length.TotalDays.ToString("0.0", CultureInfo.InvariantCulture),
            }).ToList();
            var rows = Regex.Matches(html, $"<tr data-run=\"{runId}\">(.*?)</tr>").Select(m =>
                Regex.Matches(m.Groups[1].Value, "<td[^>]*>(.*?)</td>").Skip(2).Select(c => WebUtility.HtmlDecode(Regex.Replace(c.Groups[1].Value, "<[^>]+>", ""))).ToArray()).ToList();
            Assert.That(expected, Has.Count.EqualTo(5), "the demo's runs draw down often");
            Assert.That(rows, Is.EqualTo(expected), runId);
        }
    }

    [Test]
    public void Metrics_include_cagr_volatility_calmar_var_psr_and_dsr_each_with_its_definition()
    {
        var metrics = Regex.Match(html, "<table id=\"metrics\">.*?</table>", RegexOptions.Singleline).Value;
        // Each row named as a trader reads it; its key and definition in the hover.
        var titles = Regex.Matches(metrics, "<td class=\"metric\" data-key=\"([a-z0-9_]+)\" title=\"[a-z0-9_]+: ([^\"]*)\">").ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        foreach (var key in new[] { "net_pnl", "cagr_pct", "volatility_ann_pct", "calmar", "var_95", "probabilistic_sharpe", "deflated_sharpe" })
        {
            Assert.That(titles.ContainsKey(key), Is.True, key + " shown");
        }

        Assert.That(titles["calmar"], Does.Contain("cagr_pct").And.Contain("max_drawdown_pct"));
        Assert.That(titles.Where(t => t.Value.Length < 10 || t.Value.Contains("Not defined", StringComparison.Ordinal)).Select(t => t.Key), Is.Empty, "every metric has a definition");
        Assert.That(metrics, Does.Contain("★"));
    }

    [Test]
    public void Metric_colours_follow_meaning_and_costs_and_counts_get_no_star()
    {
        // Two losing backtests: the better profit factor of the two is still below 1.
        var (fast, medium) = (runIds[0], runIds[1]);
        var factors = new[] { fast, medium }.Select(id => Db.Scalar<double>(db.Path, "SELECT value FROM run_metrics_kv WHERE run_id = @id AND key = 'profit_factor'", new { id })).ToList();
        Assert.That(factors, Has.All.LessThan(1.0), "the demo's Fast 5/20 and Medium 10/30 backtests lose");
        var run = Cli.Run(db.Folder, "report", fast, medium, "--db", db.Path, "-o", "losers.html");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var table = Regex.Match(File.ReadAllText(db.Sibling("losers.html")), "<table id=\"metrics\">.*?</table>", RegexOptions.Singleline).Value;
        var rows = Regex.Matches(table, "<td class=\"metric\" data-key=\"([a-z0-9_]+)\"[^>]*>.*?</td>(.*?)</tr>", RegexOptions.Singleline)
            .ToDictionary(m => m.Groups[1].Value, m => Regex.Matches(m.Groups[2].Value, "<td(?: class=\"([^\"]*)\")?>(.*?)</td>")
                .Select(c => (Classes: c.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries), Text: WebUtility.HtmlDecode(c.Groups[2].Value))).ToList());

        foreach (var key in new[] { "total_fees", "trade_count", "wins", "losses", "final_equity" })
        {
            Assert.That(rows[key].Where(c => c.Text.Contains('★', StringComparison.Ordinal) || c.Classes.Contains("best")), Is.Empty, key + ": a cost, a count or the account's size is no highlight");
        }

        Assert.That(rows["total_fees"].All(c => c.Classes.Contains("neg")), Is.True, "fees paid are a cost");
        var starred = rows["profit_factor"].Single(c => c.Text.Contains('★', StringComparison.Ordinal));
        Assert.That(starred.Classes, Does.Contain("best").And.Contain("neg").And.No.Contain("pos"), "the best profit factor below 1 is starred and red");
        Assert.That(rows["win_rate"].SelectMany(c => c.Classes), Has.None.EqualTo("pos").And.None.EqualTo("neg"), "a win rate is neither good nor bad alone");
        for (var i = 0; i < 2; i++)
        {
            var net = Db.Scalar<double>(db.Path, "SELECT value FROM run_metrics_kv WHERE run_id = @id AND key = 'net_pnl'", new { id = new[] { fast, medium }[i] });
            Assert.That(rows["net_pnl"][i].Classes, Does.Contain(net > 0 ? "pos" : "neg"), "net PnL coloured by its sign");
        }

        Assert.That(ReportStyleRule(File.ReadAllText(db.Sibling("losers.html")), "td.best"), Does.Not.Contain("color"), "★ is bold, not green");
    }

    private static string ReportStyleRule(string page, string selector) =>
        Regex.Match(page, Regex.Escape(selector) + @"\s*\{([^}]*)\}").Groups[1].Value;

    [Test]
    public void Monthly_returns_have_cells_only_for_months_in_the_runs()
    {
        var paper = Db.Query<(string Run, string Backtest)>(db.Path,
            "SELECT f.run_id AS Run, b.run_id AS Backtest FROM strategy_runs f JOIN strategy_runs b ON b.instance_id = f.instance_id AND b.run_type = 'BACKTEST' AND b.start_utc <= f.start_utc AND b.end_utc >= f.end_utc WHERE f.run_type = 'PAPER'")[0];
        var run = Cli.Run(db.Folder, "report", paper.Run, paper.Backtest, "--db", db.Path, "-o", "forward.html");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var forward = File.ReadAllText(db.Sibling("forward.html"));
        foreach (var id in new[] { paper.Run, paper.Backtest })
        {
            var table = Regex.Match(forward, $"<table class=\"monthly\" data-run=\"{id}\">.*?</table>", RegexOptions.Singleline).Value;
            var months = Months(forward, id);
            // Both start a few minutes before 1 April (the paper period) and trade in April only.
            Assert.That(months, Is.EqualTo(new[] { "2026-04" }), id);
            Assert.That(Regex.Matches(table, "<td class=\"none\"></td>").Count, Is.EqualTo(12 - months.Count), id + ": the other months are empty");
        }

        // The Q1 backtests end with the bar that closes at 00:00 on 1 April: that is March's close, not an April month.
        // Those that still held a position then have fills stamped after it (the closing trade at 00:00:00.3 and .6),
        // hence April; the others have none.
        foreach (var id in runIds.Take(3))
        {
            var closedAfter = Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM executions WHERE run_id = @id AND exec_utc >= '2026-04-01'", new { id }) > 0;
            Assert.That(Months(html, id), Is.EqualTo(closedAfter ? new[] { "2026-01", "2026-02", "2026-03", "2026-04" } : new[] { "2026-01", "2026-02", "2026-03" }), id);
        }

        Assert.That(runIds.Take(3).Count(id => Months(html, id).Count == 4), Is.InRange(1, 2), "both cases are in the demo");
    }

    [Test]
    public void Forward_and_backtest_report_shows_the_reconciliation_bridge_summing_to_the_difference()
    {
        var pair = Db.Query<(string Run, string Backtest)>(db.Path,
            "SELECT f.run_id AS Run, b.run_id AS Backtest FROM strategy_runs f JOIN strategy_runs b ON b.instance_id = f.instance_id AND b.run_type = 'BACKTEST' AND b.start_utc <= f.start_utc AND b.end_utc >= f.end_utc WHERE f.run_type = 'PAPER'")[0];
        var run = Cli.Run(db.Folder, "report", pair.Run, pair.Backtest, "--db", db.Path, "-o", "reconciled.html");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var page = File.ReadAllText(db.Sibling("reconciled.html"));
        var section = Regex.Match(page, $"<div class=\"reconciliation\" data-forward=\"{pair.Run}\" data-backtest=\"{pair.Backtest}\">.*?</div>\n", RegexOptions.Singleline).Value;
        Assert.That(section, Is.Not.Empty);
        var values = Regex.Matches(section, "data-part=\"([a-z_]+)\" data-value=\"([^\"]+)\"")
            .ToDictionary(m => m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        var parts = new[] { "missed", "extra", "entry_slippage", "exit_slippage", "fees", "timing", "rest" };
        Assert.That(values.Keys, Is.EquivalentTo(parts.Append("backtest_net_pnl").Append("forward_net_pnl")));
        Assert.That(parts.Sum(p => values[p]), Is.EqualTo(values["forward_net_pnl"] - values["backtest_net_pnl"]).Within(1e-6));

        // The same figures as `recorder reconcile` prints: one code path.
        var reconcile = Cli.Run(db.Folder, "reconcile", pair.Run, pair.Backtest, "--db", db.Path, "--json");
        Assert.That(reconcile.ExitCode, Is.EqualTo(0), reconcile.ToString());
        using var json = JsonDocument.Parse(reconcile.Out);
        var bridge = json.RootElement.GetProperty("bridge");
        Assert.That(values["backtest_net_pnl"], Is.EqualTo(bridge.GetProperty("backtest_net_pnl").GetDouble()));
        Assert.That(values["forward_net_pnl"], Is.EqualTo(bridge.GetProperty("forward_net_pnl").GetDouble()));
        foreach (var p in parts)
        {
            Assert.That(values[p], Is.EqualTo(bridge.GetProperty("parts").GetProperty(p).GetDouble()), p);
        }

        var matched = Regex.Match(section, "<b class=\"matched\">(\\d+)</b>").Groups[1].Value;
        Assert.That(int.Parse(matched, CultureInfo.InvariantCulture), Is.GreaterThan(0));
        Assert.That(html, Does.Not.Contain("class=\"reconciliation\""), "three backtests: nothing to reconcile");
    }

    [Test]
    public void Runs_over_different_periods_are_overlaid_by_days_since_their_start()
    {
        var paper = Db.Scalar<string>(db.Path, "SELECT run_id FROM strategy_runs WHERE run_type = 'PAPER' LIMIT 1");
        var run = Cli.Run(db.Folder, "report", runIds[0], paper, "--db", db.Path, "-o", "mixed.html");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var mixed = File.ReadAllText(db.Sibling("mixed.html"));
        Assert.That(mixed, Does.Contain("days since each run's start").And.Contain("\"axis\":\"days\""));
        Assert.That(html, Does.Not.Contain("days since each run's start").And.Contain("\"axis\":\"time\""), "backtests of the same period share the calendar");
    }

    [Test]
    public void Amounts_are_labelled_with_the_instruments_currency()
    {
        var currency = Db.Scalar<string>(db.Path, "SELECT DISTINCT currency FROM run_instruments WHERE run_id = @id", new { id = runIds[0] });
        Assert.That(html, Does.Contain($"amounts in <b id=\"currency\">{currency}</b>"));
    }

    private static List<string> Months(string page, string runId) =>
        Regex.Matches(Regex.Match(page, $"<table class=\"monthly\" data-run=\"{runId}\">.*?</table>", RegexOptions.Singleline).Value, "data-month=\"([0-9-]+)\"")
            .Select(m => m.Groups[1].Value).ToList();

    private static string Minute(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    // The page without the contents of its script elements (the library holds its licence's and vendor's addresses as text).
    private static string Markup(string page) => Regex.Replace(page, "(<script[^>]*>).*?(</script>)", "$1$2", RegexOptions.Singleline);
}
