using System.Text.Json;
using System.Text.RegularExpressions;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// What a trader reads the numbers by: no ★ on a count, one spelling of a timeframe, and a heatmap's y axis the same
/// way up in the command line as on the page and in the report.
/// </summary>
[TestFixture]
public sealed class WordsAndLooksTests
{
    private TempDatabase db = null!;

    [OneTimeSetUp]
    public void MakeDemo() => db = DemoFiles.Create();

    [OneTimeTearDown]
    public void Remove() => db.Dispose();

    [Test]
    public void Neither_the_report_nor_compare_marks_a_count_best()
    {
        var runs = Db.Query<string>(db.Path, "SELECT run_id FROM v_runs WHERE instance_name IN ('Fast 5/20', 'Medium 10/30') AND run_type = 'PAPER' ORDER BY start_utc").ToList();
        var counts = Db.Query<string>(db.Path, "SELECT DISTINCT key FROM v_run_metrics WHERE run_id IN @runs AND unit = 'count'", new { runs }).ToList();
        Assert.That(counts, Does.Contain("wins").And.Contain("losses"), "counts that have a direction");

        var compare = Cli.Run(db.Folder, ["compare", .. runs, "--all-metrics", "--json", "--db", db.Path]);
        Assert.That(compare.ExitCode, Is.EqualTo(0), compare.ToString());
        using var json = JsonDocument.Parse(compare.Out);
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.That(rows.Where(r => r.GetProperty("unit").GetString() == "count").Select(r => r.GetProperty("best").GetArrayLength()), Has.All.EqualTo(0));
        Assert.That(rows.Where(r => r.GetProperty("key").GetString() == "net_pnl").Single().GetProperty("best").GetArrayLength(), Is.EqualTo(1), "money still is");

        var report = Cli.Run(db.Folder, ["report", .. runs, "-o", "counts.html", "--db", db.Path]);
        Assert.That(report.ExitCode, Is.EqualTo(0), report.ToString());
        // The saved tearsheet's rows, whose best values the page stars.
        var metrics = SavedReport.Tearsheet(SavedReport.Snapshot(File.ReadAllText(db.Sibling("counts.html"))))["metrics"]!["rows"]!.AsArray()
            .ToDictionary(r => (string)r!["key"]!, r => r!["best"]!.AsArray().Count);
        foreach (var key in counts)
        {
            Assert.That(metrics.ContainsKey(key), Is.True, key);
            Assert.That(metrics[key], Is.EqualTo(0), key);
        }

        Assert.That(metrics["net_pnl"], Is.EqualTo(1));
    }

    [Test]
    public void Show_names_metrics_as_a_trader_reads_them_with_durations_in_hours_and_the_keys_in_json()
    {
        var run = Db.Scalar<string>(db.Path, "SELECT run_id FROM v_runs WHERE instance_name = 'Fast 5/20' AND run_type = 'PAPER'");
        var stored = Db.Scalar<double>(db.Path, "SELECT value FROM v_run_metrics WHERE run_id = @run AND key = 'time_to_fill_p50_ms'", new { run });
        var holding = Db.Scalar<double>(db.Path, "SELECT value FROM v_run_metrics WHERE run_id = @run AND key = 'avg_holding_time_s'", new { run });
        var text = Cli.Run(db.Folder, env => env with { Columns = 120 }, "show", run, "--db", db.Path);
        Assert.That(text.ExitCode, Is.EqualTo(0), text.ToString());
        var lines = text.Out.Split('\n').Select(l => l.TrimEnd('\r')).ToList();

        // The median time to fill in hours and minutes, computed here from the stored milliseconds.
        var fill = TimeSpan.FromMilliseconds(stored);
        var expected = fill.TotalHours >= 1 ? $"{(int)fill.TotalHours} h" : $"{(int)fill.TotalMinutes} min";
        var row = lines.Single(l => l.Contains("Time to fill, median", StringComparison.Ordinal));
        Assert.That(row, Does.Contain(expected).And.Not.Contain("ms"), row);
        Assert.That(lines.Single(l => l.Contains("Holding time, average", StringComparison.Ordinal)),
            Does.Match(@"\d+ (h|d)\b"), $"{holding} s as hours or days");
        Assert.That(text.Out, Does.Not.Contain("time_to_fill_p50_ms").And.Contain("Net PnL").And.Contain("Profit factor"));

        var json = Cli.Run(db.Folder, "show", run, "--json", "--db", db.Path);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.That(doc.RootElement.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("key").GetString()),
            Does.Contain("time_to_fill_p50_ms").And.Contain("avg_holding_time_s"), "the keys stay in --json");
    }

    [Test]
    public void What_if_spells_the_timeframe_as_the_run_recorded_it()
    {
        var run = Db.Scalar<string>(db.Path, "SELECT run_id FROM v_runs WHERE instance_name = 'Slow 20/60' AND run_type = 'PAPER'");
        var recorded = Db.Scalar<string>(db.Path, "SELECT timeframe FROM run_series WHERE run_id = @run", new { run });
        var whatif = Cli.Run(db.Folder, "whatif", run, "--stops", "1%,2%", "--targets", "2%,4%", "--json", "--db", db.Path);
        Assert.That(whatif.ExitCode, Is.EqualTo(0), whatif.ToString());
        using var json = JsonDocument.Parse(whatif.Out);
        Assert.That(json.RootElement.GetProperty("timeframe").GetString(), Is.EqualTo(recorded));
    }

    [Test]
    public void The_study_heatmap_puts_the_largest_y_on_top_as_the_page_draws_it()
    {
        var study = Cli.Run(db.Folder, env => env with { Columns = 120 }, "study", "demo-sweep", "--db", db.Path);
        Assert.That(study.ExitCode, Is.EqualTo(0), study.ToString());
        var lines = study.Out.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var legend = lines.FindIndex(l => l.StartsWith("Heatmap:", StringComparison.Ordinal));
        Assert.That(lines[legend], Does.Contain("Slow period up"));
        var header = lines.FindIndex(legend, l => l.StartsWith("Slow period", StringComparison.Ordinal));
        var ys = lines.Skip(header + 1).TakeWhile(l => Regex.IsMatch(l, @"^\s*\d+\s")).Select(l => int.Parse(l.Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var values = Db.Query<long>(db.Path, "SELECT DISTINCT CAST(json_extract(i.parameters_json, '$.\"Slow period\"') AS INTEGER) FROM strategy_instances i WHERE instance_name LIKE 'Sweep %'").ToList();
        Assert.That(ys, Is.EqualTo(values.OrderDescending().Select(v => (int)v)), "surface.js draws bin 0 at the bottom");
    }
}
