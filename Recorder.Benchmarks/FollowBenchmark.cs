using System.Diagnostics;
using System.Text.Json;
using QuantowerRecorder.Server.Hosting;
using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// Pages following a running run (`recorder serve`'s GET /api/changes, on loopback Kestrel in this process) against the
/// writer recording it. Throughput: a paper run's events recorded as fast as the writer takes them into a file that
/// <c>--clients</c> followers watch, against the same run into a file a server watches with none (the two take turns
/// over the rounds, each keeps its best): <c>serve_followers_vs_none</c> (aim ≥ 0.9). The final state: the same run
/// recorded at <c>--rate</c> events/s with the followers, then ended; the time from its end's commit to the last
/// follower told the run ended (<c>serve_followers_final_state_max_seconds</c>, aim ≤ 2). Memory: <c>--cycles</c>
/// followers that connect, take the stream's first event and go, one after another, until the server no longer counts
/// them (GET /api/health's <c>followers</c>); the managed heap after them
/// against before them (what a full collection found alive, after a warm-up of a tenth as many):
/// <c>serve_connect_heap_after_vs_before</c> (aim: flat, ≤ 1.1).
/// </summary>
internal static class FollowBenchmark
{
    public static int Run(int clients, int events, int rate, int cycles, int rounds, string? jsonPath, string? directory)
    {
        if (clients < 1 || events < 100 || rate < 1 || cycles < 10)
        {
            Console.Error.WriteLine("--clients must be at least 1, --events at least 100, --rate at least 1 and --cycles at least 10");
            return 2;
        }

        return BenchmarkOutput.InFolder(directory, "qr-follow-", dir =>
        {
            // Untimed: the writer's, the server's and the followers' code compiled hot.
            Record(Path.Combine(dir, "warm-up.db"), Math.Min(events, 5_000), Math.Min(clients, 5), rate: null).GetAwaiter().GetResult();

            double? none = null, followed = null;
            for (var round = 0; round < Math.Max(1, rounds); round++)
            {
                foreach (var followers in round % 2 == 0 ? new[] { 0, clients } : [clients, 0])
                {
                    Console.Error.WriteLine($"round {round + 1}: {events:N0} events as fast as the writer takes them, {followers} follower(s)…");
                    var path = Path.Combine(dir, $"throughput-{round}-{followers}.db");
                    var (perSecond, _) = Record(path, events, followers, rate: null).GetAwaiter().GetResult();
                    if (followers == 0)
                    {
                        none = Math.Max(none ?? 0, perSecond);
                    }
                    else
                    {
                        followed = Math.Max(followed ?? 0, perSecond);
                    }
                }
            }

            Console.Error.WriteLine($"{events:N0} events at {rate:N0}/s with {clients} followers, then the run's end…");
            var (_, finalState) = Record(Path.Combine(dir, "paced.db"), events, clients, rate).GetAwaiter().GetResult();

            Console.Error.WriteLine($"{cycles:N0} followers connecting and going…");
            var (before, after) = ConnectAndGo(Path.Combine(dir, "paced.db"), cycles).GetAwaiter().GetResult();

            var result = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["serve_followers"] = clients,
                ["serve_follow_events"] = events,
                ["rounds"] = Math.Max(1, rounds),
                ["serve_none_events_per_s"] = Math.Round(none!.Value),
                ["serve_followed_events_per_s"] = Math.Round(followed!.Value),
                ["serve_followers_vs_none"] = Math.Round(followed.Value / none.Value, 3),
                ["serve_follow_rate_events_per_s"] = rate,
                ["serve_followers_final_state_max_seconds"] = Math.Round(finalState, 3),
                ["serve_connect_cycles"] = cycles,
                ["serve_connect_heap_before_bytes"] = before,
                ["serve_connect_heap_after_bytes"] = after,
                ["serve_connect_heap_after_vs_before"] = Math.Round((double)after / before, 3),
                ["processor_count"] = Environment.ProcessorCount,
            };
            return BenchmarkOutput.Report(result, jsonPath);
        });
    }

    // One paper run recorded into a file a server watches, with that many followers; paced at `rate` events/s or as fast
    // as the writer takes them. The events per second from the first recorded to all committed, and the longest time
    // from the run's end committed to a follower told it ended (0 without followers).
    private static async Task<(double PerSecond, double FinalState)> Record(string path, int events, int followers, int? rate)
    {
        var run = new SyntheticRun(Identities.NewRunId(TimeProvider.System), RunSource.Paper, "FollowBench");
        var stream = run.Header.Concat(Enumerable.Range(0, events).Select(i => run.Event(i))).ToArray();
        using (var session = RecorderSession.Open(path))
        {
            // The file exists, with the run's definitions, before the server watches it.
            foreach (var e in run.Header)
            {
                session.Record(e);
            }

            session.Flush(TimeSpan.FromMinutes(1));
        }

        await using var server = await RecorderServer.StartAsync(new ServerOptions { DatabasePath = path, Port = 0 }).ConfigureAwait(false);
        using var client = new HttpClient { BaseAddress = server.Address, Timeout = Timeout.InfiniteTimeSpan };
        using var stop = new CancellationTokenSource();
        var ended = Enumerable.Range(0, followers).Select(_ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var connected = Enumerable.Range(0, followers).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var reading = ended.Select((seen, i) => Follow(client, run.RunId, connected[i], seen, stop.Token)).ToArray();
        await Task.WhenAll(connected.Select(c => c.Task)).WaitAsync(TimeSpan.FromMinutes(1)).ConfigureAwait(false);

        using var recorder = RecorderSession.Open(path);
        var started = Stopwatch.GetTimestamp();
        for (var i = run.Header.Count; i < stream.Length; i++)
        {
            if (rate is { } perSecond)
            {
                var due = TimeSpan.FromSeconds((double)(i - run.Header.Count) / perSecond);
                var left = due - Stopwatch.GetElapsedTime(started);
                if (left > TimeSpan.FromMilliseconds(1))
                {
                    Thread.Sleep(left);
                }
            }

            recorder.Record(stream[i]);
        }

        if (!recorder.Flush(TimeSpan.FromMinutes(10)).Completed)
        {
            throw new InvalidOperationException("the run's events were not all written");
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var last = stream[^1];
        recorder.Record(new RunEnded { RunId = run.RunId, EventUtc = last.EventUtc, Source = run.Source, Status = RunStatus.Completed });
        if (!recorder.Flush(TimeSpan.FromMinutes(1)).Completed)
        {
            throw new InvalidOperationException("the run's end was not written");
        }

        var committed = Stopwatch.GetTimestamp();
        var finalState = 0.0;
        if (followers > 0)
        {
            var all = Task.WhenAll(ended.Select(e => e.Task));
            if (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(30))).ConfigureAwait(false) != all)
            {
                throw new InvalidOperationException($"{ended.Count(e => !e.Task.IsCompleted)} follower(s) not told the run ended within 30 s");
            }

            finalState = (await all.ConfigureAwait(false)).Max(told => Stopwatch.GetElapsedTime(committed, told).TotalSeconds);
        }

        stop.Cancel();
        await Task.WhenAll(reading).ConfigureAwait(false);
        return ((stream.Length - run.Header.Count) / seconds, Math.Max(0, finalState));
    }

    // A follower: reads the stream (connected once the server says it follows) until told the run is no longer running
    // (the time it was told, in stopwatch ticks), then on until the benchmark stops it.
    private static async Task Follow(HttpClient client, string runId, TaskCompletionSource connected, TaskCompletionSource<long> ended,
        CancellationToken stop)
    {
        try
        {
            using var response = await client.GetAsync("api/changes", HttpCompletionOption.ResponseHeadersRead, stop).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop).ConfigureAwait(false));
            string? kind = null;
            while (await reader.ReadLineAsync(stop).ConfigureAwait(false) is { } line)
            {
                if (line == ": following")
                {
                    connected.TrySetResult();
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    kind = line["event: ".Length..];
                }
                else if (kind == "run" && line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    using var json = JsonDocument.Parse(line["data: ".Length..]);
                    if (json.RootElement.GetProperty("run_id").GetString() == runId
                        && json.RootElement.GetProperty("status").GetString() != "RUNNING")
                    {
                        ended.TrySetResult(Stopwatch.GetTimestamp());
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The benchmark is done with it.
        }
        catch (Exception ex)
        {
            connected.TrySetException(ex);
            ended.TrySetException(ex);
        }
    }

    // Followers that connect, take the first event the stream sends and go, one after another; the heap before and after.
    private static async Task<(long Before, long After)> ConnectAndGo(string path, int cycles)
    {
        await using var server = await RecorderServer.StartAsync(new ServerOptions { DatabasePath = path, Port = 0 }).ConfigureAwait(false);
        using var client = new HttpClient { BaseAddress = server.Address, Timeout = Timeout.InfiniteTimeSpan };
        async Task Cycles(int count)
        {
            for (var i = 0; i < count; i++)
            {
                using var response = await client.GetAsync("api/changes", HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                await using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                var first = new byte[1];
                _ = await body.ReadAsync(first).ConfigureAwait(false);
            }
        }

        await Cycles(Math.Max(1, cycles / 10)).ConfigureAwait(false);
        await Forgotten(client).ConfigureAwait(false);
        var before = Heap();
        await Cycles(cycles).ConfigureAwait(false);
        await Forgotten(client).ConfigureAwait(false);
        return (before, Heap());
    }

    // Until the server has noticed every follower's connection closed (its health counts the followers): what a
    // follower that went leaves behind is measured, not the followers it has yet to notice.
    private static async Task Forgotten(HttpClient client)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            using var health = JsonDocument.Parse(await client.GetStringAsync("api/health").ConfigureAwait(false));
            if (health.RootElement.GetProperty("followers").GetInt32() == 0)
            {
                return;
            }

            if (waited.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new InvalidOperationException("the server still counts followers a minute after they all went");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    // What a full, blocking collection found alive on the managed heap.
    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetGCMemoryInfo(GCKind.FullBlocking).PromotedBytes;
    }
}
