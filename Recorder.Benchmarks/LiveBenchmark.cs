using System.Diagnostics;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// The live mix: a paper run recording at a steady rate on the wall clock (the synthetic run's bars, orders and fills,
/// each stamped with the time it is recorded), while another connection reads the run's stored analysis every 100 ms,
/// as a page or DB Browser would. Each read's lag is the time since the newest event the stored analysis saw (its
/// as_of_utc; the run's start before its first analysis): how far behind a running run's figures are.
/// </summary>
internal static class LiveBenchmark
{
    private static readonly TimeSpan ReadEvery = TimeSpan.FromMilliseconds(100);

    public static int Run(double seconds, int rate, double? intervalSeconds, string? jsonPath, string? directory) =>
        BenchmarkOutput.InFolder(directory, "qr-live-", dir =>
        {
            var path = Path.Combine(dir, "live.db");
            var interval = intervalSeconds is { } given ? TimeSpan.FromSeconds(given) : new RecorderOptions().LiveAnalysisInterval!.Value;
            var run = new SyntheticRun(Identities.NewRunId(TimeProvider.System), RunSource.Paper);
            var lags = new List<double>();
            long recorded = 0;
            (long Written, long Unchanged) rows;
            using (var session = RecorderSession.Open(path, new RecorderOptions { LiveAnalysisInterval = interval }))
            {
                var started = DateTime.UtcNow;
                foreach (var e in run.Header)
                {
                    session.Record(e with { EventUtc = started });
                }

                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
                var reader = Task.Run(() => Follow(path, run.RunId, started, lags, stop.Token));
                var clock = Stopwatch.StartNew();
                for (long i = 0; !stop.IsCancellationRequested; i++)
                {
                    // On schedule: event i at i / rate seconds, whatever the last one took; none due after the run's
                    // length, however late the stop's timer fires on a busy machine.
                    var due = TimeSpan.FromSeconds((double)i / rate);
                    if (due > TimeSpan.FromSeconds(seconds))
                    {
                        break;
                    }

                    if (due > clock.Elapsed)
                    {
                        Thread.Sleep(due - clock.Elapsed);
                    }

                    session.Record(run.Event(i) with { EventUtc = DateTime.UtcNow });
                    recorded = i + 1;
                }

                reader.GetAwaiter().GetResult();
                session.Close(TimeSpan.FromSeconds(30));
                rows = session.StoredAnalyses.Rows;
            }

            lags.Sort();
            var result = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["live_seconds"] = seconds,
                ["live_events_recorded"] = recorded,
                ["live_events_per_s"] = Math.Round(recorded / seconds),
                ["live_analysis_interval_seconds"] = interval.TotalSeconds,
                ["live_metrics_reads"] = lags.Count,
                // Aim: at most the interval and a second.
                ["live_metrics_lag_p99_seconds"] = lags.Count == 0 ? "no read" : Math.Round(lags[(int)Math.Min(lags.Count - 1, Math.Ceiling(lags.Count * 0.99) - 1)], 3),
                ["live_metrics_lag_p50_seconds"] = lags.Count == 0 ? "no read" : Math.Round(lags[lags.Count / 2], 3),
                ["live_metrics_lag_max_seconds"] = lags.Count == 0 ? "no read" : Math.Round(lags[^1], 3),
                // The running analyses' stores: rows written against rows a store of every row would have written.
                ["live_analysis_rows_written"] = rows.Written,
                ["live_analysis_rows_unchanged"] = rows.Unchanged,
                ["live_analysis_rows_written_vs_every_row"] = rows.Written + rows.Unchanged == 0 ? "no store"
                    : Math.Round((double)rows.Written / (rows.Written + rows.Unchanged), 3),
                ["processor_count"] = Environment.ProcessorCount,
            };
            return BenchmarkOutput.Report(result, jsonPath);
        });

    // Another connection, as a reader would: every 100 ms, how old the run's stored analysis is.
    private static void Follow(string path, string runId, DateTime started, List<double> lags, CancellationToken stop)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json_extract(metrics_json, '$.as_of_utc') FROM strategy_runs WHERE run_id = $run";
        command.Parameters.AddWithValue("$run", runId);
        while (!stop.IsCancellationRequested)
        {
            stop.WaitHandle.WaitOne(ReadEvery);
            DateTime asOf;
            try
            {
                asOf = command.ExecuteScalar() is string text ? QuantowerRecorder.Storage.Timestamps.Parse(text) : started;
            }
            catch (SqliteException)
            {
                // The file being created: not read yet.
                continue;
            }

            lags.Add((DateTime.UtcNow - asOf).TotalSeconds);
        }
    }
}
