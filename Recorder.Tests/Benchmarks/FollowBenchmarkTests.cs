using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Benchmarks;

/// <summary>The benchmark's `follow` mode at a tiny size: it runs end to end and reports its keys as sane numbers (not timed).</summary>
[TestFixture]
public sealed class FollowBenchmarkTests
{
    [Test]
    public void Follow_mode_reports_the_writers_rate_with_followers_against_none_the_end_told_and_the_heap_over_connects()
    {
        using var folder = new TempDatabase();
        var json = Path.Combine(folder.Folder, "follow.json");
        var work = Path.Combine(folder.Folder, "work");
        using var child = ChildProcess.Start("follow", "--clients", "3", "--events", "400", "--rate", "2000", "--cycles", "20",
            "--rounds", "1", "--json", json, "--dir", work);
        var output = ChildProcess.WaitForExit(child, TimeSpan.FromMinutes(5));

        Assert.That(child.ExitCode, Is.Zero, output);
        using var result = JsonDocument.Parse(File.ReadAllText(json));
        var root = result.RootElement;
        foreach (var file in new[] { "throughput-0-0.db", "throughput-0-3.db", "paced.db" })
        {
            var path = Path.Combine(work, file);
            Assert.That(Db.Scalar<string>(path, "SELECT status FROM strategy_runs"), Is.EqualTo("COMPLETED"), file + ": the run ended");
            Assert.That(Db.Scalar<long>(path, "SELECT COUNT(*) FROM v_events WHERE event_type <> 'RUN_ENDED'"),
                Is.GreaterThanOrEqualTo(400), file + ": the rates count events that were written");
        }

        var none = root.GetProperty("serve_none_events_per_s").GetDouble();
        var followed = root.GetProperty("serve_followed_events_per_s").GetDouble();
        Assert.That(none, Is.GreaterThan(0));
        Assert.That(followed, Is.GreaterThan(0));
        Assert.That(root.GetProperty("serve_followers_vs_none").GetDouble(), Is.EqualTo(followed / none).Within(0.01 * followed / none + 0.001));
        var told = root.GetProperty("serve_followers_final_state_max_seconds").GetDouble();
        Assert.That(told, Is.GreaterThanOrEqualTo(0).And.LessThan(30), "every follower was told the run ended");
        var before = root.GetProperty("serve_connect_heap_before_bytes").GetDouble();
        Assert.That(before, Is.GreaterThan(0));
        Assert.That(root.GetProperty("serve_connect_heap_after_vs_before").GetDouble(),
            Is.EqualTo(root.GetProperty("serve_connect_heap_after_bytes").GetDouble() / before).Within(0.01));
        Assert.That(root.GetProperty("serve_connect_cycles").GetInt32(), Is.EqualTo(20));
    }
}
