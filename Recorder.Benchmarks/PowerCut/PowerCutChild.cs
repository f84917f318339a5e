using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Benchmarks.PowerCut;

/// <summary>
/// The recorder whose power is cut: records runs of one source one after another, each <c>runEvents</c> events of the
/// synthetic stream at <c>rate</c> events/s and then its end, and says on stdout what it was told is written:
/// "RUN id", "ACK id n r" after each completed flush (the run's first n events, of which r were refused as the memory
/// budget's bars that give way), "ENDED id n" once its end is flushed. With
/// <c>spill</c>, the first run's first events are recorded while another connection holds the write lock and a small
/// memory budget sends them to the spill file ("SPILLED id n": its first n events are in the spill file, synced), then the
/// lock goes ("CONSUMING") and the writer reads them back; with <c>hold-spill</c> the lock stays until stdin ends. A small WAL limit makes the writer checkpoint when idle.
/// </summary>
internal static class PowerCutChild
{
    private const int HeaderEvents = 4;
    private static long refused;

    public static int Run(string db, RunSource source, int rate, int flushEvery, int runEvents, bool spill, bool holdSpill = false)
    {
        var options = new RecorderOptions
        {
            WalSizeLimitBytes = 256 * 1024,
            MemoryBudgetBytes = spill ? 128 * 1024 : new RecorderOptions().MemoryBudgetBytes,
        };
        using var session = RecorderSession.Open(db, options);
        var started = Stopwatch.GetTimestamp();
        long paced = 0;
        for (var runNumber = 0; ; runNumber++)
        {
            var run = new SyntheticRun(Identities.NewRunId(TimeProvider.System), source);
            Say($"RUN {run.RunId}");
            long first = 0;
            refused = 0;
            if (spill && runNumber == 0)
            {
                first = RecordIntoSpill(db, session, run, holdSpill);
            }
            else
            {
                run.RecordHeader(session);
            }

            for (var i = first; i < runEvents; i++)
            {
                if (rate > 0)
                {
                    var due = TimeSpan.FromSeconds(paced++ / (double)rate) - Stopwatch.GetElapsedTime(started);
                    if (due > TimeSpan.Zero)
                    {
                        Thread.Sleep(due); // the pace of a feed, in the child: the harness waits on its lines
                    }
                }

                Record(session, run.Event(i));
                if ((i + 1) % flushEvery == 0 && session.Flush(TimeSpan.FromSeconds(60)).Completed)
                {
                    Say(string.Create(CultureInfo.InvariantCulture, $"ACK {run.RunId} {i + 1} {refused}"));
                }
            }

            session.Record(new RunEnded { RunId = run.RunId, EventUtc = TimeProvider.System.GetUtcNow().UtcDateTime, Source = source, Status = RunStatus.Completed });
            if (session.Flush(TimeSpan.FromSeconds(60)).Completed)
            {
                Say(string.Create(CultureInfo.InvariantCulture, $"ENDED {run.RunId} {runEvents}"));
            }
        }
    }

    // The run's header and first events while the file is locked: past the small budget they go to the spill file. Returns
    // how many of the run's events were recorded.
    private static long RecordIntoSpill(string db, RecorderSession session, SyntheticRun run, bool hold)
    {
        const int blocked = 3_000;
        using var blocker = new SqliteConnection($"Data Source={db};Pooling=False");
        blocker.Open();
        using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            begin.ExecuteNonQuery();
        }

        run.RecordHeader(session);
        for (var i = 0; i < blocked; i++)
        {
            Record(session, run.Event(i));
        }

        // The writer spills once an attempt has failed (the driver's busy wait, about a second).
        var deadline = Stopwatch.GetTimestamp();
        while (session.Counters.Spilled < HeaderEvents + 1 && Stopwatch.GetElapsedTime(deadline) < TimeSpan.FromSeconds(60))
        {
            Thread.Sleep(5);
        }

        var inSpill = session.Counters.Spilled - HeaderEvents;
        Say(string.Create(CultureInfo.InvariantCulture, $"SPILLED {run.RunId} {Math.Max(0, inSpill)}"));
        if (hold)
        {
            // The run's start stays in the spill file alone (the file locked) until whoever started the child kills it.
            Console.In.ReadLine();
        }

        using (var rollback = blocker.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            rollback.ExecuteNonQuery();
        }

        blocker.Close();
        Say("CONSUMING");
        return blocked;
    }

    // Past the memory budget bars give way (docs/decisions.md, 3): refused at once, never acknowledged, and counted.
    private static void Record(RecorderSession session, RecorderEvent e) => refused += session.Record(e) ? 0 : 1;

    private static void Say(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }
}
