using System.Globalization;
using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// The child of the crash tests: records the synthetic stream and prints "ACK n" after every successful flush
/// (n = events recorded so far after the header), until it is killed or reaches its count. With a rate (events per
/// second) it records at that pace, like a live feed; without one, as fast as it can.
/// </summary>
internal static class CrashChild
{
    public static int Run(string db, long events, int flushEvery, string? runId, int rate = 0)
    {
        using var session = RecorderSession.Open(db);
        var run = new SyntheticRun(runId ?? Identities.NewRunId(TimeProvider.System), RunSource.Live);
        Console.Out.WriteLine("RUN " + run.RunId);
        run.RecordHeader(session);

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (long i = 0; i < events; i++)
        {
            if (rate > 0 && i % 100 == 0)
            {
                var due = TimeSpan.FromSeconds(i / (double)rate) - System.Diagnostics.Stopwatch.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                {
                    Thread.Sleep(due);
                }
            }

            session.Record(run.Event(i));
            if ((i + 1) % flushEvery == 0)
            {
                var result = session.Flush(TimeSpan.FromSeconds(30));
                if (result.Completed)
                {
                    Console.Out.WriteLine("ACK " + (i + 1).ToString(CultureInfo.InvariantCulture));
                    Console.Out.Flush();
                }
            }
        }

        var end = session.Flush(TimeSpan.FromSeconds(30));
        Console.Out.WriteLine(end.Completed ? "DONE" : "INCOMPLETE " + end.Message);
        return 0;
    }

    /// <summary>
    /// Opens (and so creates or migrates) a file, says so, and prints the memory SQLite counts as used in the process: the
    /// migration race test, the bootstrap's. <paramref name="sqliteFirst"/>: a connection of the process's own starts SQLite
    /// before the recorder does (another library of the host using it), and stays open while the file is.
    /// </summary>
    public static int Open(string db, bool sqliteFirst = false)
    {
        using var before = sqliteFirst ? new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:") : null;
        before?.Open();
        using var session = RecorderSession.Open(db);
        Console.Out.WriteLine("OPENED");
        // What SQLite counts of its memory in this process, with the file open (the bootstrap's test: none).
        Console.Out.WriteLine("SQLITE_MEMORY_USED " + SQLitePCL.raw.sqlite3_memory_used().ToString(CultureInfo.InvariantCulture));
        return 0;
    }
}
