using System.Diagnostics;
using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// What a run's analysis costs the runs still recording into the same file: one run records live at a steady rate
/// through <see cref="RecorderSession"/> while the time from <c>Record</c> to its commit is taken for every event,
/// first for a while with nothing else going on, then while the same session's writer analyses a long run
/// (<see cref="RecorderSession.AnalyzeRunWhenWritten"/>). Both in the same process, on the same file.
/// </summary>
internal static class CommitLatency
{
    public sealed record Result(double P99Ms, double P99DuringAnalysisMs, double P50Ms, double P50DuringAnalysisMs,
        double AnalysisSeconds, long Events, long EventsDuringAnalysis);

    public static Result Measure(string path, string analysedRunId, int rate, TimeSpan quietFor)
    {
        using var session = RecorderSession.Open(path);
        var run = new SyntheticRun(Identities.NewRunId(TimeProvider.System), RunSource.Live, "CommitLatencyBench");
        run.RecordHeader(session);

        session.Flush(TimeSpan.FromSeconds(60));
        var feed = new Feed(session, run, rate);
        Console.Error.WriteLine($"recording at {rate:N0} events/s for {quietFor.TotalSeconds:0} s, nothing else…");
        var quiet = feed.Record(Task.Delay(quietFor));
        Console.Error.WriteLine($"recording at {rate:N0} events/s while the writer analyses run {analysedRunId}…");
        var started = Stopwatch.GetTimestamp();
        var analysis = session.AnalyzeRunWhenWritten(analysedRunId);
        var busy = feed.Record(analysis);
        var analysisSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        analysis.GetAwaiter().GetResult();
        session.Close(TimeSpan.FromSeconds(60));
        return new Result(Percentile(quiet, 0.99), Percentile(busy, 0.99), Percentile(quiet, 0.5), Percentile(busy, 0.5),
            analysisSeconds, quiet.Count, busy.Count);
    }

    private static double Percentile(List<double> sorted, double p) => Math.Round(BenchmarkOutput.Percentile(sorted, p, double.NaN), 1);

    /// <summary>
    /// One thread that records the run's next events when they are due and watches the session's counters: an event's
    /// commit is the first look at which the settled count has passed it (one producer, so events settle in order).
    /// </summary>
    internal sealed class Feed(RecorderSession session, SyntheticRun run, int rate)
    {
        private long next;

        /// <summary>Records until <paramref name="until"/> ends, then waits for those events; their latencies in ms, sorted.</summary>
        public List<double> Record(Task until)
        {
            var recordedAt = new List<long>();
            var latencies = new List<double>();
            var first = Settled();
            var started = Stopwatch.GetTimestamp();
            var sent = 0L;
            while (!until.IsCompleted || latencies.Count < sent)
            {
                var due = until.IsCompleted ? sent : (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * rate);
                for (; sent < due; sent++)
                {
                    recordedAt.Add(Stopwatch.GetTimestamp());
                    session.Record(run.Event(next++));
                }

                var now = Stopwatch.GetTimestamp();
                var settled = Math.Min(Settled() - first, sent);
                for (var i = latencies.Count; i < settled; i++)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(recordedAt[i], now).TotalMilliseconds);
                }

                Thread.Sleep(1);
            }

            latencies.Sort();
            return latencies;
        }

        private long Settled()
        {
            var c = session.Counters;
            return c.Committed + c.Quarantined + c.Duplicates + c.Coalesced;
        }
    }
}
