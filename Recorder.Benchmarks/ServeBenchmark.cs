using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using QuantowerRecorder.Server.Hosting;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// The server benchmark (`recorder serve`, through its public entry <see cref="RecorderServer"/> on loopback Kestrel).
/// Ingest: the same events as JSON lines in batches to <c>/api/ingest/batch</c> (with the token, the last batch with
/// <c>?wait=true</c>) against <see cref="RecorderSession"/> in this process, each on a new file, taking turns over the
/// rounds; each reports its best round (<c>http_vs_inprocess</c>, target ≥ 0.5). Reading: on a file with R analysed
/// runs, the p99 latency of <c>GET /api/runs/{id}</c> and of the requests the page makes for one run (run.js
/// <c>showRun</c>: the run, then its executions, trades, equity, OCO groups and orders at once, then its bars).
/// </summary>
internal static class ServeBenchmark
{
    private const int BatchEvents = 10_000;

    public static int Run(long events, int runs, int requests, int rounds, string? jsonPath, string? directory)
    {
        return BenchmarkOutput.InFolder(directory, "qr-serve-", dir =>
        {
            Console.Error.WriteLine($"generating {events:N0} events and their lines…");
            var run = new SyntheticRun(Identities.NewRunId(TimeProvider.System), RunSource.Backtest, "ServeBench");
            var stream = run.Header.Concat(Enumerable.Range(0, (int)events).Select(i => run.Event(i))).ToArray();
            // The client's bodies are ready before the clock starts, as the in-process events are.
            var bodies = stream.Chunk(BatchEvents).Select(batch => string.Join('\n', batch.Select(Line))).ToArray();

            var httpRounds = new List<double>();
            var inProcessRounds = new List<double>();
            for (var round = 0; round < Math.Max(1, rounds); round++)
            {
                Console.Error.WriteLine($"round {round + 1}: in process…");
                inProcessRounds.Add(stream.Length / InProcess(Path.Combine(dir, $"inprocess{round}.db"), stream));
                Console.Error.WriteLine($"round {round + 1}: over HTTP…");
                httpRounds.Add(stream.Length / OverHttp(Path.Combine(dir, $"http{round}.db"), bodies, stream.Length).GetAwaiter().GetResult());
            }

            Console.Error.WriteLine($"a file with {runs:N0} runs…");
            var path = Path.Combine(dir, "runs.db");
            var runIds = ManyRuns(path, runs);
            Console.Error.WriteLine($"{requests:N0} requests of a run and of a run page…");
            var (runMs, pageMs) = Latencies(path, runIds, requests).GetAwaiter().GetResult();

            var http = httpRounds.Max();
            var inProcess = inProcessRounds.Max();
            var result = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["events"] = stream.Length,
                ["batch_events"] = BatchEvents,
                ["rounds"] = Math.Max(1, rounds),
                ["http_events_per_s"] = Math.Round(http),
                ["inprocess_events_per_s"] = Math.Round(inProcess),
                ["http_events_per_s_rounds"] = httpRounds.Select(v => Math.Round(v)).ToArray(),
                ["inprocess_events_per_s_rounds"] = inProcessRounds.Select(v => Math.Round(v)).ToArray(),
                ["http_vs_inprocess"] = Math.Round(http / inProcess, 3),
                ["runs"] = runs,
                ["requests"] = requests,
                ["p50_run_ms"] = Math.Round(BenchmarkOutput.Percentile(runMs, 0.50, empty: 0), 2),
                ["p99_run_ms"] = Math.Round(BenchmarkOutput.Percentile(runMs, 0.99, empty: 0), 2),
                ["p50_run_page_ms"] = Math.Round(BenchmarkOutput.Percentile(pageMs, 0.50, empty: 0), 2),
                ["p99_run_page_ms"] = Math.Round(BenchmarkOutput.Percentile(pageMs, 0.99, empty: 0), 2),
                ["processor_count"] = Environment.ProcessorCount,
            };
            return BenchmarkOutput.Report(result, jsonPath);
        });
    }

    /// <summary>An event as a line of docs/events.md: its stored payload plus its event_type.</summary>
    private static string Line(RecorderEvent e)
    {
        var node = JsonNode.Parse(PayloadJson.SerializeEvent(e))!.AsObject();
        node.Add("event_type", e.EventType);
        return node.ToJsonString();
    }

    private static double InProcess(string path, RecorderEvent[] stream)
    {
        var started = Stopwatch.GetTimestamp();
        using var session = RecorderSession.Open(path);
        foreach (var e in stream)
        {
            session.Record(e);
        }

        var flushed = session.Flush(TimeSpan.FromMinutes(10));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var counters = session.Counters;
        if (!flushed.Completed || counters.Committed != stream.Length - counters.Duplicates)
        {
            throw new InvalidOperationException($"in process: not everything was committed: {counters}");
        }

        return seconds;
    }

    private static async Task<double> OverHttp(string path, string[] bodies, int events)
    {
        await using var server = await RecorderServer.StartAsync(new ServerOptions { DatabasePath = path, Port = 0, Ingest = true }).ConfigureAwait(false);
        using var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token!.Value);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < bodies.Length; i++)
        {
            var last = i == bodies.Length - 1;
            using var content = new StringContent(bodies[i], Encoding.UTF8, "application/x-ndjson");
            using var response = await client.PostAsync(last ? "api/ingest/batch?wait=true" : "api/ingest/batch", content).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"batch {i + 1}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
            }
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await server.DisposeAsync().ConfigureAwait(false);
        using var connection = DatabaseFile.OpenForReading(path);
        var stored = Convert.ToInt64(BenchmarkOutput.Scalar(connection, "SELECT COUNT(*) FROM v_events"), CultureInfo.InvariantCulture);
        if (stored != events)
        {
            throw new InvalidOperationException($"over HTTP: {stored} of {events} events stored");
        }

        return seconds;
    }

    /// <summary>Runs of 120 events each (bars, an order filled in two parts, the run's end), every one analysed.</summary>
    private static List<string> ManyRuns(string path, int runs)
    {
        var ids = new List<string>();
        using (var session = RecorderSession.Open(path))
        {
            for (var r = 0; r < runs; r++)
            {
                var run = new SyntheticRun(Identities.NewRunId(TimeProvider.System), RunSource.Backtest, "ServeBench");
                ids.Add(run.RunId);
                foreach (var e in run.Header.Concat(Enumerable.Range(0, 120).Select(i => run.Event(i))))
                {
                    session.Record(e);
                }

                session.Record(new RunEnded { RunId = run.RunId, EventUtc = run.Event(119).EventUtc, Source = run.Source, Status = RunStatus.Completed });
            }

            if (!session.Flush(TimeSpan.FromMinutes(10)).Completed)
            {
                throw new InvalidOperationException("the runs were not all written");
            }
        }

        using var connection = DatabaseFile.OpenForWriting(path, TimeProvider.System);
        foreach (var id in ids)
        {
            RunAnalysisStore.Analyze(connection, id);
        }

        return ids;
    }

    /// <summary>The latencies in ms of a run's request and of a run page's, each sorted.</summary>
    private static async Task<(double[] Run, double[] Page)> Latencies(string path, List<string> runIds, int requests)
    {
        await using var server = await RecorderServer.StartAsync(new ServerOptions { DatabasePath = path, Port = 0 }).ConfigureAwait(false);
        using var client = new HttpClient { BaseAddress = server.Address };
        var random = new Random(20261122);
        // Warm-up (JIT, connection pool), not counted.
        for (var i = 0; i < Math.Min(20, requests); i++)
        {
            await RunPage(client, runIds[random.Next(runIds.Count)]).ConfigureAwait(false);
        }

        var run = new double[requests];
        var page = new double[requests];
        for (var i = 0; i < requests; i++)
        {
            var id = runIds[random.Next(runIds.Count)];
            var started = Stopwatch.GetTimestamp();
            await Get(client, "api/runs/" + id).ConfigureAwait(false);
            run[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            started = Stopwatch.GetTimestamp();
            await RunPage(client, runIds[random.Next(runIds.Count)]).ConfigureAwait(false);
            page[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(run);
        Array.Sort(page);
        return (run, page);
    }

    /// <summary>What run.js's showRun asks for one run, in the same order and with the same parallelism.</summary>
    private static async Task RunPage(HttpClient client, string runId)
    {
        using var runJson = JsonDocument.Parse(await Get(client, "api/runs/" + runId).ConfigureAwait(false));
        await Task.WhenAll(
            Get(client, "api/executions/run/" + runId),
            Get(client, $"api/runs/{runId}/trades"),
            Get(client, $"api/runs/{runId}/equity"),
            Get(client, $"api/runs/{runId}/oco"),
            Get(client, $"api/runs/{runId}/orders")).ConfigureAwait(false);
        if (runJson.RootElement.GetProperty("series").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } series)
        {
            await Get(client, $"api/bars/?run_id={Uri.EscapeDataString(runId)}&symbol={Uri.EscapeDataString(series.GetProperty("symbol").GetString()!)}" +
                              $"&timeframe={Uri.EscapeDataString(series.GetProperty("timeframe").GetString()!)}").ConfigureAwait(false);
        }
    }

    private static async Task<string> Get(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {body}");
    }
}
