using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Storage;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// `recorder whatif` on an ES run recorded through RecorderSession: two trades re-exited by hand (docs/metrics.md,
/// "What-if exits"), as text and as JSON, and bad arguments.
/// </summary>
[TestFixture]
public sealed class WhatIfCommandTests
{
    private TempDatabase db = null!;
    private string runId = null!;

    [OneTimeSetUp]
    public void Record()
    {
        db = new TempDatabase();
        var s = new Scenario();
        runId = s.RunId;
        // One-minute ES bars from 14:30 (open, high, low, close).
        var bars = new (double O, double H, double L, double C)[]
        {
            (5000, 5001, 4999, 5000), (5000, 5002, 4997.5, 5001), (5001, 5004.5, 5000, 5004),
            (5004, 5005, 5003, 5004.5), (5004.5, 5005, 5001, 5002), (5002, 5003, 4995, 4996),
        };
        var events = new List<RecorderEvent>(s.Start()) { InstrumentTests.Es(s) };
        for (var m = 0; m < bars.Length; m++)
        {
            var (o, h, l, c) = bars[m];
            events.Add(s.Bar(m) with { Open = o, High = h, Low = l, Close = c });
            // The fills of minute m arrive after its bar closed; each pays 2.50.
            if (m == 0)
            {
                events.Add(s.Fill("f1", "e1", Side.Buy, 1, 5000, at: 30));
            }
            else if (m == 3)
            {
                events.Add(s.Fill("f2", "x1", Side.Sell, 1, 5004, at: (3 * 60) + 30));
            }
            else if (m == 4)
            {
                events.Add(s.Fill("f3", "e2", Side.Sell, 1, 5002, at: (4 * 60) + 30));
            }
            else if (m == 5)
            {
                events.Add(s.Fill("f4", "x2", Side.Buy, 1, 4996, at: (5 * 60) + 50));
            }
        }

        events.Add(s.End(at: 400));
        Recorded.Write(db.Path, events);
        // The run's own trades, which the output shows beside the grid, are those its analysis stores.
        var analysed = Cli.Run(db.Folder, "analyze", runId, "--db", db.Path);
        Assert.That(analysed.ExitCode, Is.EqualTo(0), analysed.ToString());
    }

    [OneTimeTearDown]
    public void Remove() => db.Dispose();

    private CliRun Run(params string[] args) => Cli.Run(db.Folder, env => env with { Columns = 80 }, [.. args, "--db", db.Path]);

    // Long 1 at 5000 in bar 0, short 1 at 5002 in bar 4; point value 50, 2.50 per fill (the run's fee per contract).
    // Stop 8t = 2 points, 16t = 4 points; target 12t = 3 points.
    // 8t / 12t:  long: bar 1's low 4997.5 ≤ 4998 (high 5002 < 5003) → −2 × 50 − 2.5 − 2.5 = −105.
    //            short: bar 5's low 4995 ≤ 4999 (high 5003 < 5004) → +3 × 50 − 5 = 145. Net 40; equity −105, 40: DD 105.
    // 16t / 12t: long: bar 1's low 4997.5 > 4996; bar 2's high 5004.5 ≥ 5003 (low 5000) → +145; short as above +145: 290.
    // Actual: (5004 − 5000) × 50 − 5 = 195 and (5002 − 4996) × 50 − 5 = 295: 490.
    [Test]
    public void Json_gives_every_cell_worked_out_by_hand_beside_the_actual_figures()
    {
        var run = Run("whatif", runId[..8], "--stops", "8t,16t", "--targets", "12t", "--json");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.That(root.GetProperty("run_id").GetString(), Is.EqualTo(runId));
        Assert.That(root.GetProperty("point_value").GetDouble(), Is.EqualTo(50));
        Assert.That(root.GetProperty("entries").GetInt32(), Is.EqualTo(2));
        Assert.That(root.GetProperty("fee_per_contract").GetDouble(), Is.EqualTo(2.5).Within(1e-9));
        var cells = root.GetProperty("cells").EnumerateArray().ToList();
        Assert.That(cells.Select(c => c.GetProperty("stop").GetString()), Is.EqualTo(new[] { "8t", "16t" }));
        var tight = cells[0].GetProperty("figures");
        Assert.That(tight.GetProperty("net_pnl").GetDouble(), Is.EqualTo(40).Within(1e-9));
        Assert.That(tight.GetProperty("max_drawdown").GetDouble(), Is.EqualTo(105).Within(1e-9));
        Assert.That(tight.GetProperty("win_rate").GetDouble(), Is.EqualTo(50).Within(1e-9));
        Assert.That(tight.GetProperty("profit_factor").GetDouble(), Is.EqualTo(145.0 / 105).Within(1e-9));
        // R: risk 2 points × 50 = 100: −105 / 100 and 145 / 100 average 0.2.
        Assert.That(tight.GetProperty("avg_r").GetDouble(), Is.EqualTo(0.2).Within(1e-9));
        Assert.That(cells[0].GetProperty("stop_exits").GetInt32(), Is.EqualTo(1));
        Assert.That(cells[1].GetProperty("figures").GetProperty("net_pnl").GetDouble(), Is.EqualTo(290).Within(1e-9));
        Assert.That(cells[1].GetProperty("target_exits").GetInt32(), Is.EqualTo(2));
        Assert.That(root.GetProperty("actual").GetProperty("net_pnl").GetDouble(), Is.EqualTo(490).Within(1e-9));
        // Market orders only: no stop or limit slippage was measured, and the output says 0 was assumed.
        Assert.That(root.GetProperty("assumptions").EnumerateArray().Select(a => a.GetString()),
            Has.Some.Contains("no measured slippage of stop fills"));
        Assert.That(root.GetProperty("luck").GetProperty("pbo_not_enough").GetProperty("what").GetString(), Is.EqualTo("cells"));
    }

    [Test]
    public void Text_shows_the_heatmap_the_cells_and_the_actual_figures_in_80_columns()
    {
        var run = Run("whatif", runId, "--stops", "8t,16t", "--targets", "12t");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var lines = run.Out.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.That(lines, Has.All.Matches<string>(l => l.Length <= 80), run.Out);
        Assert.That(lines, Has.Some.Matches<string>(l => l.StartsWith("8t ", StringComparison.Ordinal) && l.TrimEnd().EndsWith(" 40", StringComparison.Ordinal)), run.Out);
        Assert.That(lines, Has.Some.Matches<string>(l => l.StartsWith("16t ", StringComparison.Ordinal) && l.TrimEnd().EndsWith(" 290", StringComparison.Ordinal)), run.Out);
        Assert.That(run.Out, Does.Contain("Actual: net 490.00 · 2 trades"));
        Assert.That(run.Out, Does.Contain("PBO: not enough cells (2; needs 5)"));
    }

    [Test]
    public void A_ten_by_ten_grid_fits_80_columns()
    {
        var levels = string.Join(',', Enumerable.Range(1, 10).Select(k => $"{k * 4}t"));
        var run = Run("whatif", runId, "--stops", levels, "--targets", levels);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var lines = run.Out.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.That(lines, Has.All.Matches<string>(l => l.Length <= 80), run.Out);
        Assert.That(lines, Has.Some.StartsWith("40t "), "the heatmap's last row");
        Assert.That(lines.Single(l => l.StartsWith("stop ", StringComparison.Ordinal) && l.Contains("40t", StringComparison.Ordinal) && !l.Contains("target", StringComparison.Ordinal)),
            Does.EndWith("40t"), "the heatmap's header ends with the last target");
    }

    [TestCase("--stops", "10x", "not an exit level")]
    [TestCase("--trail", "2pts", "not an exit level")]
    [TestCase("--stop", "0t", "not above 0")]
    [TestCase("--targets", "1%,,2%", "empty level")]
    [TestCase("--max-bars", "0", "give 1 or more")]
    public void A_bad_level_is_a_usage_error_that_says_what_to_write(string option, string value, string message)
    {
        var run = Run("whatif", runId, option, value);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Error, Does.Contain(message), run.ToString());
        Assert.That(run.Out, Is.Empty);
    }

    [Test]
    public void Without_any_exit_or_with_both_forms_of_one_option_it_says_what_to_give()
    {
        var none = Run("whatif", runId);
        Assert.That(none.ExitCode, Is.EqualTo(2));
        Assert.That(none.Error, Does.Contain("Say where to exit"));
        var both = Run("whatif", runId, "--stop", "1%", "--stops", "1%,2%");
        Assert.That(both.ExitCode, Is.EqualTo(2));
        Assert.That(both.Error, Does.Contain("not both"));
    }
}
