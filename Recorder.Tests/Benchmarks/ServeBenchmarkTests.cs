using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Benchmarks;

/// <summary>The benchmark's `serve` mode at a tiny size: it runs end to end and reports its keys as sane numbers (not timed).</summary>
[TestFixture]
public sealed class ServeBenchmarkTests
{
    [Test]
    public void Serve_mode_reports_http_and_in_process_rates_and_read_latencies()
    {
        using var folder = new TempDatabase();
        var json = Path.Combine(folder.Folder, "serve.json");
        var work = Path.Combine(folder.Folder, "work");
        using var child = ChildProcess.Start("serve", "--events", "2500", "--runs", "12", "--requests", "30", "--rounds", "1",
            "--json", json, "--dir", work);
        var output = ChildProcess.WaitForExit(child, TimeSpan.FromMinutes(5));

        Assert.That(child.ExitCode, Is.Zero, output);
        using var result = JsonDocument.Parse(File.ReadAllText(json));
        var root = result.RootElement;
        Assert.That(root.GetProperty("events").GetInt64(), Is.EqualTo(2500 + 4), "the run's four header events and 2,500 more");
        foreach (var file in new[] { "http0.db", "inprocess0.db" })
        {
            Assert.That(Db.Scalar<long>(Path.Combine(work, file), "SELECT COUNT(*) FROM v_events"), Is.EqualTo(2500 + 4),
                file + ": the rates count events that were written");
        }

        var http = root.GetProperty("http_events_per_s").GetDouble();
        var inProcess = root.GetProperty("inprocess_events_per_s").GetDouble();
        Assert.That(http, Is.GreaterThan(0));
        Assert.That(inProcess, Is.GreaterThan(0));
        Assert.That(root.GetProperty("http_vs_inprocess").GetDouble(), Is.EqualTo(http / inProcess).Within(0.01 * http / inProcess + 0.001));
        Assert.That(Db.Scalar<long>(Path.Combine(work, "runs.db"), "SELECT COUNT(*) FROM strategy_runs WHERE metrics_json IS NOT NULL"),
            Is.EqualTo(12), "the latencies are read from a file of that many analysed runs");
        foreach (var key in new[] { "p99_run_ms", "p99_run_page_ms", "p50_run_ms", "p50_run_page_ms" })
        {
            var ms = root.GetProperty(key).GetDouble();
            Assert.That(ms, Is.GreaterThan(0).And.LessThan(60_000), key);
        }

        Assert.That(root.GetProperty("p99_run_ms").GetDouble(), Is.GreaterThanOrEqualTo(root.GetProperty("p50_run_ms").GetDouble()));
        Assert.That(root.GetProperty("p99_run_page_ms").GetDouble(), Is.GreaterThanOrEqualTo(root.GetProperty("p50_run_page_ms").GetDouble()));
    }
}
