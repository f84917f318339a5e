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
        var random = new Random(20261121);
        var failures = new List<string>();
        for (var attempt = 0; attempt < Kills; attempt++)
        {
            using var db = new TempDatabase();
            var (runId, acknowledged) = RecordAndKill(db.Path, TimeSpan.FromMilliseconds(random.Next(50, 900)));
            var problem = Check(db.Path, runId, acknowledged);
            if (problem is not null)
            {
                failures.Add($"kill {attempt}: {problem}");
            }
        }

        Assert.That(failures, Is.Empty);
    }

    private static (string RunId, long Acknowledged) RecordAndKill(string path, TimeSpan afterFirstAck)
    {
        using var child = ChildProcess.Start("crash-child", "--db", path, "--events", "50000000", "--flush-every", "300");
        string? runId = null;
        long acknowledged = 0;
        var firstAck = new ManualResetEventSlim();
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
                    firstAck.Set();
                }
            }
        };
        child.BeginOutputReadLine();
        if (!firstAck.Wait(TimeSpan.FromSeconds(60)))
        {
            child.Kill();
            throw new TimeoutException("the child never acknowledged a flush: " + child.StandardError.ReadToEnd());
        }

        Thread.Sleep(afterFirstAck);
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
        // acknowledged event (4 header events come first).
        var (count, min, max) = Db.Query<(long, long, long)>(path,
            "SELECT COUNT(*), MIN(sequence), MAX(sequence) FROM ingest_events WHERE run_id = @runId", new { runId }).Single();
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
            ("bars", "SELECT (SELECT COUNT(*) FROM bars) - (SELECT COUNT(*) FROM ingest_events WHERE event_type = 'BAR')"),
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
