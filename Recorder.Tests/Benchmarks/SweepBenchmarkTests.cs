using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Benchmarks;

/// <summary>The benchmark's `sweep` mode at a small size: it records what it says and reports its keys consistently (not timed).</summary>
[TestFixture]
public sealed class SweepBenchmarkTests
{
    [Test]
    public void Sweep_mode_records_every_pass_and_the_later_passes_without_bars_as_the_bound()
    {
        using var folder = new TempDatabase();
        var json = Path.Combine(folder.Folder, "sweep.json");
        var work = Path.Combine(folder.Folder, "work");
        using var child = ChildProcess.Start("sweep", "--passes", "4", "--bars", "300", "--fills", "10", "--json", json, "--dir", work);
        var output = ChildProcess.WaitForExit(child, TimeSpan.FromMinutes(5));

        Assert.That(child.ExitCode, Is.Zero, output);
        using var result = JsonDocument.Parse(File.ReadAllText(json));
        var root = result.RootElement;

        // The sweep's file: every pass a run of its own over the same market's bars, stored once.
        var sweep = Path.Combine(work, "sweep.db");
        Assert.That(Db.Scalar<long>(sweep, "SELECT COUNT(*) FROM strategy_runs"), Is.EqualTo(4));
        Assert.That(Db.Scalar<long>(sweep, "SELECT COUNT(*) FROM market_bars"), Is.EqualTo(300));
        Assert.That(Db.Scalar<long>(sweep, "SELECT COUNT(*) FROM v_run_bars"), Is.EqualTo(4 * 300), "each run reads its 300 bars");

        // The last warm file: its first pass, three later passes with their bars, and the same three without them — runs
        // with their orders and fills and no bars.
        var warm = Path.Combine(work, "warm2.db");
        Assert.That(Db.Scalar<long>(warm, "SELECT COUNT(*) FROM strategy_runs"), Is.EqualTo(1 + 3 + 3));
        Assert.That(Db.Scalar<long>(warm, "SELECT COUNT(DISTINCT run_id) FROM v_run_bars"), Is.EqualTo(1 + 3));
        Assert.That(Db.Scalar<long>(warm, "SELECT COUNT(*) FROM strategy_runs r WHERE NOT EXISTS (SELECT 1 FROM v_run_bars b WHERE b.run_id = r.run_id) " +
            "AND (SELECT COUNT(*) FROM executions x WHERE x.run_id = r.run_id) = 10"), Is.EqualTo(3), "a pass without bars still has its fills");

        foreach (var (seconds, over, ratio) in new[]
        {
            ("seconds_per_later_pass", "seconds_first_pass", "later_pass_vs_first"),
            ("seconds_per_later_pass_warm", "seconds_first_pass_warm", "warm_later_pass_vs_warm_first"),
            ("seconds_per_later_pass_no_bars_warm", "seconds_first_pass_warm", "warm_later_pass_no_bars_vs_warm_first"),
        })
        {
            var value = root.GetProperty(seconds).GetDouble();
            var baseline = root.GetProperty(over).GetDouble();
            Assert.That(value, Is.GreaterThan(0), seconds);
            Assert.That(baseline, Is.GreaterThan(0), over);
            PrintedRatio.Is(root, ratio, value, baseline);
        }
    }
}
