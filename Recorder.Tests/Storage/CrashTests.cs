using System.Diagnostics;
using System.Globalization;
using NUnit.Framework;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>A real child process records and is killed (SIGKILL) at random moments; the file must hold.</summary>
[TestFixture]
public sealed class CrashTests
{
    private const int Kills = 20;

    [Test]
    public void Killed_recorder_leaves_an_intact_file_with_every_acknowledged_event_and_whole_batches()
    {
        // Each child is killed right after its k-th acknowledged flush, k drawn once from a seeded generator: the
        // writer is then somewhere in its next batches, at a moment no clock decides. Four children at a time.
        var random = new Random(20261121);
        var afterAcks = Enumerable.Range(0, Kills).Select(_ => random.Next(1, 30)).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, Kills, new ParallelOptions { MaxDegreeOfParallelism = 4 }, attempt =>
        {
            using var db = new TempDatabase();
            var (runId, acknowledged) = RecordAndKill(db.Path, afterAcks[attempt]);
            if (Check(db.Path, runId, acknowledged) is { } problem)
            {
                failures.Add($"kill {attempt} (after ACK {afterAcks[attempt]}): {problem}");
            }
        });

        Assert.That(failures, Is.Empty);
    }

    internal static (string RunId, long Acknowledged) RecordAndKill(string path, int afterAcks)
    {
        using var child = ChildProcess.Start("crash-child", "--db", path, "--events", "50000000", "--flush-every", "300");
        string? runId = null;
        long acknowledged = 0;
        var acks = 0;
        var killNow = new ManualResetEventSlim();
        var gate = new object();
        child.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }

            lock (gate)
            {
                if (line.Data.StartsWith("RUN ", StringComparison.Ordinal))
                {
                    runId = line.Data[4..];
                }
                else if (line.Data.StartsWith("ACK ", StringComparison.Ordinal))
                {
                    acknowledged = long.Parse(line.Data[4..], CultureInfo.InvariantCulture);
                    if (++acks == afterAcks)
                    {
                        killNow.Set();
                    }
                }
            }
        };
        child.BeginOutputReadLine();
        if (!killNow.Wait(TimeSpan.FromSeconds(120)))
        {
            child.Kill();
            throw new TimeoutException($"the child did not acknowledge {afterAcks} flushes: " + child.StandardError.ReadToEnd());
        }

        child.Kill(); // SIGKILL on Unix: no finally blocks, no flush, no Dispose.
        child.WaitForExit();
        lock (gate)
        {
            return (runId!, acknowledged);
        }
    }

    private static string? Check(string path, string runId, long acknowledged)
    {
        var integrity = Db.Scalar<string>(path, "PRAGMA integrity_check");
        if (integrity != "ok")
        {
            return "integrity_check: " + integrity;
        }

        // Events commit in arrival order, so what is stored must be exactly sequences 1..M, with M covering every
        // acknowledged event (4 header events come first). A stretch row stands for its bar_count bar events, up to its
        // last_sequence (docs/events.md, BARS_STORED).
        var (count, min, max) = Db.Query<(long, long, long)>(path, """
            SELECT SUM(CASE WHEN event_type = 'BARS_STORED' THEN json_extract(payload_json, '$.bar_count') ELSE 1 END),
                   MIN(sequence), MAX(COALESCE(json_extract(payload_json, '$.last_sequence'), sequence))
            FROM ingest_events WHERE run_id = @runId
            """, new { runId }).Single();
        if (min != 1 || count != max)
        {
            return $"sequences are not a prefix: count {count}, min {min}, max {max}";
        }

        if (count < acknowledged + 4)
        {
            return $"acknowledged {acknowledged} events but only {count - 4} are stored";
        }

        // A batch is all or nothing: every normalised row has its raw event, and every raw event its row.
        var pairs = new (string Table, string Sql)[]
        {
            ("bars", "SELECT (SELECT COUNT(*) FROM bars) - IFNULL((SELECT SUM(json_extract(payload_json, '$.bar_count')) FROM ingest_events WHERE event_type = 'BARS_STORED'), 0)"),
            ("executions", "SELECT (SELECT COUNT(*) FROM executions) - (SELECT COUNT(*) FROM ingest_events WHERE event_type = 'EXECUTION')"),
            ("orders", "SELECT (SELECT COUNT(*) FROM orders) - (SELECT COUNT(DISTINCT json_extract(payload_json, '$.order_id')) FROM ingest_events WHERE event_type = 'ORDER')"),
        };
        foreach (var (table, sql) in pairs)
        {
            var difference = Db.Scalar<long>(path, sql);
            if (difference != 0)
            {
                return $"{table} and the raw log disagree by {difference}";
            }
        }

        // The next recorder to open the file finds the run abandoned.
        using (var session = RecorderSession.Open(path))
        {
            if (!session.Flush(TimeSpan.FromSeconds(30)).Completed)
            {
                return "reopening could not flush";
            }
        }

        var status = Db.Scalar<string>(path, "SELECT status FROM strategy_runs WHERE run_id = @runId", new { runId });
        return status == "ABANDONED" ? null : "run status after reopening is " + status;
    }
}
