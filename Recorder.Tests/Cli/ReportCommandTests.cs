using System.Text.RegularExpressions;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

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
        runIds = Db.Query<string>(db.Path, "SELECT run_id FROM strategy_runs ORDER BY start_utc, run_id");
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
        Assert.That(Regex.IsMatch(html, "https?://", RegexOptions.IgnoreCase), Is.False, "no URL at all");
        Assert.That(html, Does.Not.Contain("<script").And.Not.Contain("<link").And.Not.Contain("<img").And.Not.Contain("@import"));
        Assert.That(html, Does.Contain("Content-Security-Policy").And.Contain("default-src 'none'"));
    }

    [Test]
    public void Report_has_equity_and_drawdown_charts_with_a_line_per_run()
    {
        foreach (var chart in new[] { "equity-chart", "drawdown-chart" })
        {
            var svg = Regex.Match(html, $"<svg id=\"{chart}\".*?</svg>", RegexOptions.Singleline).Value;
            Assert.That(Regex.Matches(svg, "<polyline class=\"series\"").Count, Is.EqualTo(3), chart);
            Assert.That(Regex.Matches(svg, "<polyline[^>]*points=\"([^\"]+)\"").Select(m => m.Groups[1].Value.Split(' ').Length).Min(),
                Is.GreaterThan(100), chart + " lines have many points");
        }
    }

    [Test]
    public void Report_has_metrics_monthly_returns_pnl_distribution_and_trades()
    {
        Assert.That(html, Does.Contain("<table id=\"metrics\">").And.Contain("net_pnl").And.Contain("★"));
        Assert.That(html, Does.Contain("<table id=\"monthly\">").And.Contain("2026-01").And.Contain("2026-02").And.Contain("2026-03"));
        var histogram = Regex.Match(html, "<svg id=\"pnl-histogram\".*?</svg>", RegexOptions.Singleline).Value;
        Assert.That(Regex.Matches(histogram, "<rect fill=").Count, Is.GreaterThan(5));
        var trades = Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_trades WHERE run_id = @id AND is_open = 0", new { id = runIds[0] });
        Assert.That(html, Does.Contain($"{trades} closed trade(s)"));
    }

    [Test]
    public void Runs_over_different_periods_are_overlaid_by_days_since_their_start()
    {
        var paper = Db.Scalar<string>(db.Path, "SELECT run_id FROM strategy_runs WHERE run_type = 'PAPER' LIMIT 1");
        var run = Cli.Run(db.Folder, "report", runIds[0], paper, "--db", db.Path, "-o", "mixed.html");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(File.ReadAllText(db.Sibling("mixed.html")), Does.Contain("days since each run's start").And.Contain(">day 20<"));
        Assert.That(html, Does.Not.Contain("days since each run's start"), "backtests of the same period share the calendar");
    }

    [Test]
    public void Report_renders_in_a_headless_browser_with_charts_drawn()
    {
        var png = HeadlessBrowser.Screenshot(db.Sibling("report.html"), db.Sibling("report.png"), db.Sibling("chromium-profile"));
        var image = PngImage.Read(png);
        Assert.That(image.Width, Is.EqualTo(1280));
        Assert.That(image.Height, Is.EqualTo(2000));
        // The equity chart sits in the upper part of the page: there the screenshot must hold the runs' line colours.
        foreach (var colour in new[] { (0x4e, 0x79, 0xa7), (0xe1, 0x57, 0x59), (0x59, 0xa1, 0x4f) })
        {
            Assert.That(image.CountNear(0, 200, 1280, 900, colour, tolerance: 16), Is.GreaterThan(200), $"line colour {colour} is drawn");
        }

        Assert.That(image.DistinctColours(0, 0, 1280, 2000), Is.GreaterThan(50), "not a blank page");
    }
}
