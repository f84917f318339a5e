using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Benchmarks;

[TestFixture]
public sealed class LiveBenchmarkTests
{
    [Test]
    public void Live_mode_records_a_paper_run_on_schedule_and_reports_how_far_behind_its_stored_analysis_was_read()
    {
        using var folder = new TempDatabase();
        var json = Path.Combine(folder.Folder, "live.json");
        var work = Path.Combine(folder.Folder, "work");
        using var child = ChildProcess.Start("live", "--seconds", "3", "--rate", "100", "--interval", "0.5", "--json", json, "--dir", work);
        var output = ChildProcess.WaitForExit(child, TimeSpan.FromMinutes(2));

        Assert.That(child.ExitCode, Is.Zero, output);
        using var result = JsonDocument.Parse(File.ReadAllText(json));
        var root = result.RootElement;
        var recorded = root.GetProperty("live_events_recorded").GetInt64();
        Assert.That(recorded, Is.InRange(1, 301), "event i is due at i / rate seconds: at most those due from 0 to 3 s, never ahead of schedule");
        var file = Path.Combine(work, "live.db");
        Assert.That(Db.Scalar<long>(file, "SELECT COUNT(*) FROM strategy_runs WHERE run_type = 'PAPER' AND status = 'RUNNING'"), Is.EqualTo(1),
            "one paper run, left running");
        Assert.That(Db.Scalar<string>(file, "SELECT json_extract(metrics_json, '$.as_of_utc') FROM strategy_runs"),
            Is.EqualTo(Db.Scalar<string>(file, "SELECT MAX(event_utc) FROM ingest_events")), "its analysis as of its newest event, stored at the close");
        Assert.That(root.GetProperty("live_analysis_interval_seconds").GetDouble(), Is.EqualTo(0.5));
        Assert.That(root.GetProperty("live_metrics_reads").GetInt32(), Is.GreaterThan(0));
        var p50 = root.GetProperty("live_metrics_lag_p50_seconds").GetDouble();
        var p99 = root.GetProperty("live_metrics_lag_p99_seconds").GetDouble();
        Assert.That(p50, Is.GreaterThanOrEqualTo(0));
        Assert.That(p99, Is.GreaterThanOrEqualTo(p50));
        Assert.That(root.GetProperty("live_metrics_lag_max_seconds").GetDouble(), Is.GreaterThanOrEqualTo(p99));
    }
}
