using System.Diagnostics;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// The ingest benchmark. Three ways to store the same events on the same disk, in one process, one after another:
/// the raw limit (prepared inserts, 10,000 rows per transaction), the recorder end to end, and the naive recorder
/// (one autocommit transaction per event on a file with SQLite's defaults). Every event writes two rows (its table
/// and the raw log) in all three, so "rows" below counts events. Results are JSON; compare ratios, not absolutes.
/// The cost of a power cut's safety is measured beside them: the same mix as a live run's events, every batch synced
/// (the default for live and paper, <see cref="CommitSync.LiveAndPaper"/>), against the same events unsynced
/// (<see cref="CommitSync.Periodic"/>): throughput, and each event's time from Record to its commit at a live rate.
/// </summary>
internal static class IngestBenchmark
{
    public static int Run(long events, string? jsonPath, string? directory, int rounds = 2)
    {
        return BenchmarkOutput.InFolder(directory, "qr-bench-", dir =>
        {
            Console.Error.WriteLine($"generating {events:N0} events…");
            var runId = Identities.NewRunId(TimeProvider.System);
            var run = new SyntheticRun(runId, RunSource.Backtest);
            var stream = new RecorderEvent[events];
            for (long i = 0; i < events; i++)
            {
                stream[i] = run.Event(i);
            }

            var rows = RawRows.From(stream);

            // The machine is shared: another process can only slow a run down, never speed it up. So the baseline
            // and the recorder take turns, each round on new files, and each reports its best round.
            var rawRounds = new List<double>();
            var recorderRounds = new List<double>();
            var autocommitRounds = new List<double>();
            var autocommitEvents = Math.Min(events, 3_000);
            var liveRun = new SyntheticRun(Identities.NewRunId(TimeProvider.System), RunSource.Live);
            var liveStream = Enumerable.Range(0, (int)Math.Min(events, 200_000)).Select(i => liveRun.Event(i)).ToArray();
            var durableRounds = new List<double>();
            var unsyncedRounds = new List<double>();
            double allocPerEvent = 0;
            double diskBytesPerEvent = 0;
            for (var round = 0; round < Math.Max(1, rounds); round++)
            {
                Console.Error.WriteLine($"round {round + 1}: raw prepared inserts…");
                rawRounds.Add(events / BenchmarkOutput.Seconds(() => RawRows.Insert(Path.Combine(dir, $"raw{round}.db"), run, rows, transactionSize: 10_000)));

                Console.Error.WriteLine($"round {round + 1}: recorder end to end…");
                GC.Collect();
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                recorderRounds.Add(events / BenchmarkOutput.Seconds(() => Record(Path.Combine(dir, $"recorder{round}.db"), run, stream)));
                allocPerEvent = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)events;
                diskBytesPerEvent = BenchmarkOutput.FileBytes(Path.Combine(dir, $"recorder{round}.db")) / (double)(events + run.Header.Count);

                Console.Error.WriteLine($"round {round + 1}: live mix, every batch synced, and unsynced ({liveStream.Length:N0} events each)…");
                durableRounds.Add(liveStream.Length / BenchmarkOutput.Seconds(() => Record(Path.Combine(dir, $"durable{round}.db"), liveRun, liveStream, CommitSync.LiveAndPaper)));
                unsyncedRounds.Add(liveStream.Length / BenchmarkOutput.Seconds(() => Record(Path.Combine(dir, $"unsynced{round}.db"), liveRun, liveStream, CommitSync.Periodic)));

                Console.Error.WriteLine($"round {round + 1}: naive autocommit ({autocommitEvents:N0} events)…");
                autocommitRounds.Add(autocommitEvents / BenchmarkOutput.Seconds(() => RawRows.InsertAutocommit(Path.Combine(dir, $"autocommit{round}.db"), run, rows.Take((int)autocommitEvents).ToList())));
                foreach (var file in Directory.EnumerateFiles(dir, $"*{round}.db*"))
                {
                    File.Delete(file);
                }
            }

            var raw = rawRounds.Max();
            var recorder = recorderRounds.Max();
            var autocommit = autocommitRounds.Max();

            Console.Error.WriteLine("producer latency (live)…");
            var (p50, p99, max) = ProducerLatency(Path.Combine(dir, "live.db"), Math.Min(events, 200_000));

            Console.Error.WriteLine($"commit latency at {LiveRate:N0} events/s, synced and unsynced, {LiveFor.TotalSeconds:0} s each…");
            var durableLatency = LiveCommitLatency(Path.Combine(dir, "durable-latency.db"), CommitSync.LiveAndPaper);
            var unsyncedLatency = LiveCommitLatency(Path.Combine(dir, "unsynced-latency.db"), CommitSync.Periodic);
            var durable = durableRounds.Max();
            var unsynced = unsyncedRounds.Max();

            var result = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["events"] = events,
                ["rounds"] = Math.Max(1, rounds),
                ["raw_rows_per_s_rounds"] = rawRounds.Select(v => Math.Round(v)).ToArray(),
                ["recorder_rows_per_s_rounds"] = recorderRounds.Select(v => Math.Round(v)).ToArray(),
                ["autocommit_rows_per_s_rounds"] = autocommitRounds.Select(v => Math.Round(v)).ToArray(),
                ["raw_rows_per_s"] = Math.Round(raw),
                ["recorder_rows_per_s"] = Math.Round(recorder),
                ["autocommit_rows_per_s"] = Math.Round(autocommit),
                ["autocommit_events_measured"] = autocommitEvents,
                ["durable_rows_per_s_rounds"] = durableRounds.Select(v => Math.Round(v)).ToArray(),
                ["unsynced_rows_per_s_rounds"] = unsyncedRounds.Select(v => Math.Round(v)).ToArray(),
                ["durable_rows_per_s"] = Math.Round(durable),
                ["unsynced_rows_per_s"] = Math.Round(unsynced),
                ["durable_vs_unsynced"] = Math.Round(durable / unsynced, 3),
                ["durable_events_measured"] = liveStream.Length,
                ["durable_commit_p99_ms"] = Math.Round(BenchmarkOutput.Percentile(durableLatency, 0.99, double.NaN), 1),
                ["durable_commit_p50_ms"] = Math.Round(BenchmarkOutput.Percentile(durableLatency, 0.5, double.NaN), 1),
                ["unsynced_commit_p99_ms"] = Math.Round(BenchmarkOutput.Percentile(unsyncedLatency, 0.99, double.NaN), 1),
                ["unsynced_commit_p50_ms"] = Math.Round(BenchmarkOutput.Percentile(unsyncedLatency, 0.5, double.NaN), 1),
                ["commit_latency_rate_events_per_s"] = LiveRate,
                ["recorder_vs_raw"] = Math.Round(recorder / raw, 3),
                ["recorder_vs_autocommit"] = Math.Round(recorder / autocommit, 1),
                ["producer_p50_ns"] = p50,
                ["producer_p99_ns"] = p99,
                ["producer_max_ns"] = max,
                ["alloc_bytes_per_event"] = Math.Round(allocPerEvent),
                ["disk_bytes_per_event"] = Math.Round(diskBytesPerEvent),
                ["peak_working_set_mb"] = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0),
                ["rows_per_event"] = 2,
                ["processor_count"] = Environment.ProcessorCount,
                ["runtime"] = Environment.Version.ToString(),
                ["sqlite_version"] = SqliteVersion(Path.Combine(dir, "live.db")) ?? "?",
            };
            return BenchmarkOutput.Report(result, jsonPath);
        });
    }

    private const int LiveRate = 1_000;
    private static readonly TimeSpan LiveFor = TimeSpan.FromSeconds(10);

    // Each live event's time from Record to its commit at a live run's rate, on a new file: sorted, in ms.
    private static List<double> LiveCommitLatency(string path, CommitSync sync)
    {
        using var session = RecorderSession.Open(path, new RecorderOptions { CommitSync = sync });
        var run = new SyntheticRun(Identities.NewRunId(TimeProvider.System), RunSource.Live, "DurableCommitBench");
        run.RecordHeader(session);
        session.Flush(TimeSpan.FromSeconds(60));
        return new CommitLatency.Feed(session, run, LiveRate).Record(Task.Delay(LiveFor));
    }

    private static void Record(string path, SyntheticRun run, RecorderEvent[] stream, CommitSync sync = CommitSync.LiveAndPaper)
    {
        // Live events never wait for room (past the queue they are counted as overflowed): the durable rounds record a
        // live stream as fast as they can, so their queue and budget hold all of it. The writer analyses nothing of its
        // own: its close would analyse the run it leaves open, a million events' analysis (the analyze benchmark's
        // subject) inside a figure that is the recording's.
        var options = run.Source == RunSource.Live
            ? new RecorderOptions { CommitSync = sync, QueueCapacity = stream.Length + run.Header.Count, MemoryBudgetBytes = 1L << 30, LiveAnalysisInterval = null }
            : new RecorderOptions { CommitSync = sync, LiveAnalysisInterval = null };
        using var session = RecorderSession.Open(path, options);
        run.RecordHeader(session);

        foreach (var e in stream)
        {
            session.Record(e);
        }

        var flushed = session.Flush(TimeSpan.FromMinutes(10));
        var counters = session.Counters;
        if (!flushed.Completed || counters.Committed != stream.Length + run.Header.Count - counters.Duplicates)
        {
            throw new InvalidOperationException($"recorder did not commit everything: {flushed} {counters}");
        }
    }

    private static (long P50, long P99, long Max) ProducerLatency(string path, long events)
    {
        var run = new SyntheticRun(Identities.NewRunId(TimeProvider.System), RunSource.Live);
        var stream = Enumerable.Range(0, (int)events).Select(i => run.Event(i)).ToArray();
        var samples = new long[stream.Length];
        using var session = RecorderSession.Open(path);
        run.RecordHeader(session);

        for (var i = 0; i < stream.Length; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            session.Record(stream[i]);
            samples[i] = Stopwatch.GetTimestamp() - t0;
        }

        session.Flush(TimeSpan.FromMinutes(5));
        Array.Sort(samples);
        double toNs = 1e9 / Stopwatch.Frequency;
        return ((long)(samples[samples.Length / 2] * toNs), (long)(samples[(int)(samples.Length * 0.99)] * toNs),
            (long)(samples[^1] * toNs));
    }

    private static string? SqliteVersion(string path)
    {
        using var connection = DatabaseFile.OpenForReading(path);
        return BenchmarkOutput.Scalar(connection, "SELECT sqlite_version()");
    }
}
