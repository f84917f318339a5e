using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// A one-month run's annualised growth and Calmar ratio say "not enough time (n days; needs 365)" in `show` and the
/// report, and its JSON keeps the key with null and the reason among the notes (docs/metrics.md, "PnL and returns").
/// </summary>
[TestFixture]
public sealed class AnnualisedOnAMonthTests
{
    [Test]
    public void Show_and_the_report_say_a_month_is_not_enough_time_for_cagr_and_calmar()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var events = s.Start().ToList();
        events.AddRange([s.Bar(0), s.Bar(1, 5010)]);
        events.Add(s.Order("O1", Side.Buy, 1, "FILLED", at: 10, filled: 1));
        events.Add(s.Fill("X1", "O1", Side.Buy, 1, 5000, at: 10));
        events.Add(s.Order("O2", Side.Sell, 1, "FILLED", at: 100, filled: 1));
        events.Add(s.Fill("X2", "O2", Side.Sell, 1, 4990, at: 100));
        // Ended 30 days and 12 hours after its start.
        events.Add(s.End(at: (30 * 86_400) + (12 * 3600)));
        File.WriteAllLines(db.Sibling("events.jsonl"), events.Select(EventLines.Line));
        Assert.That(Cli.Run(db.Folder, "import", "events.jsonl", "--db", db.Path).ExitCode, Is.EqualTo(0));
        Assert.That(Cli.Run(db.Folder, "analyze", s.RunId, "--db", db.Path).ExitCode, Is.EqualTo(0));
        const string why = "not enough time (30 days; needs 365)";

        var show = Cli.Run(db.Folder, env => env with { Columns = 120 }, ["show", s.RunId, "--db", db.Path]);
        Assert.That(show.Out.Split('\n').Single(l => l.StartsWith(QuantowerRecorder.Storage.Queries.MetricLabels.Of("cagr_pct") + " ", StringComparison.Ordinal)), Does.Contain(why), show.Out);

        var json = Cli.Run(db.Folder, "show", s.RunId, "--json", "--db", db.Path);
        using var document = JsonDocument.Parse(json.Out);
        var cagr = document.RootElement.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("key").GetString() == "cagr_pct");
        Assert.That(cagr.GetProperty("value").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(document.RootElement.GetProperty("notes").EnumerateArray().Select(n => n.GetString()), Does.Contain("cagr_pct: " + why));

        var report = Cli.Run(db.Folder, "report", s.RunId, "-o", "r.html", "--db", db.Path);
        Assert.That(report.ExitCode, Is.EqualTo(0), report.ToString());
        // The saved tearsheet's metric rows say why, in the place of the figure the page shows.
        var rows = SavedReport.Tearsheet(SavedReport.Snapshot(File.ReadAllText(Path.Combine(db.Folder, "r.html"))))["metrics"]!["rows"]!.AsArray();
        foreach (var key in new[] { "cagr_pct", "calmar" })
        {
            var row = rows.Single(r => (string)r!["key"]! == key)!;
            Assert.That(row["values"]![0], Is.Null, key);
            Assert.That((string)row["not_enough"]![0]!, Is.EqualTo(why), key);
        }
    }
}
