using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// The analytics benchmark: a run of N executions and N bars, from the file to the stored results (load, analyse,
/// store), at two sizes so that linearity shows: <c>seconds_per_fill_ratio</c> near 1 means linear. At full size it
/// also times, on the same file, a plain read of the same input rows and a plain prepared insert of the same derived
/// rows (<see cref="AnalyzeBaselines"/>): <c>seconds_vs_plain</c> = seconds ÷ (plain read + plain write). Last, on
/// the same file, what the analysis of that run at its end costs another run recording meanwhile (<see cref="CommitLatency"/>).
/// </summary>
internal static class AnalyzeBenchmark
{
    public static int Run(long executions, long bars, int rate, string? jsonPath, string? directory)
    {
        return BenchmarkOutput.InFolder(directory, "qr-analyze-", dir =>
        {
            var small = Measure(Path.Combine(dir, "small.db"), executions / 4, bars / 4);
            var large = Measure(Path.Combine(dir, "large.db"), executions, bars);
            double plainRead, plainWrite;
            long derivedRows;
            using (var connection = DatabaseFile.OpenForWriting(Path.Combine(dir, "large.db"), TimeProvider.System))
            {
                Console.Error.WriteLine("baselines: plain read, plain write…");
                plainRead = AnalyzeBaselines.PlainRead(connection, large.RunId);
                (plainWrite, derivedRows) = AnalyzeBaselines.PlainWrite(connection, large.RunId);
            }

            var phases = Phases(Path.Combine(dir, "large.db"), large.RunId);
            var latency = CommitLatency.Measure(Path.Combine(dir, "large.db"), large.RunId, rate, TimeSpan.FromSeconds(10));

            var result = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["executions"] = executions,
                ["bars"] = bars,
                ["seconds"] = Math.Round(large.Seconds, 3),
                ["plain_read_seconds"] = Math.Round(plainRead, 3),
                ["plain_write_seconds"] = Math.Round(plainWrite, 3),
                ["derived_rows"] = derivedRows,
                ["seconds_vs_plain"] = Math.Round(large.Seconds / (plainRead + plainWrite), 2),
                ["trades"] = large.Trades,
                ["small_executions"] = executions / 4,
                ["small_bars"] = bars / 4,
                ["small_seconds"] = Math.Round(small.Seconds, 3),
                ["small_trades"] = small.Trades,
                ["seconds_per_fill_ratio"] = Math.Round(large.Seconds / executions / (small.Seconds / (executions / 4)), 3),
                ["processor_count"] = Environment.ProcessorCount,
                ["phase_load_seconds"] = Math.Round(phases.Load, 3),
                ["phase_analytics_seconds"] = Math.Round(phases.Analytics, 3),
                ["phase_store_seconds"] = Math.Round(phases.Store, 3),
                ["ingest_rate_events_per_s"] = rate,
                ["ingest_commit_p99_ms"] = latency.P99Ms,
                ["ingest_commit_p50_ms"] = latency.P50Ms,
                ["ingest_commit_p99_ms_during_analysis"] = latency.P99DuringAnalysisMs,
                ["ingest_commit_p50_ms_during_analysis"] = latency.P50DuringAnalysisMs,
                ["ingest_events"] = latency.Events,
                ["ingest_events_during_analysis"] = latency.EventsDuringAnalysis,
                ["analysis_on_writer_seconds"] = Math.Round(latency.AnalysisSeconds, 3),
            };
            return BenchmarkOutput.Report(result, jsonPath);
        });
    }

    private static (double Seconds, int Trades, string RunId) Measure(string path, long executions, long bars)
    {
        Console.Error.WriteLine($"writing {executions:N0} executions and {bars:N0} bars…");
        var runId = Fill(path, executions, bars);
        Console.Error.WriteLine("analysing…");
        using var connection = DatabaseFile.OpenForWriting(path, TimeProvider.System);
        var started = Stopwatch.GetTimestamp();
        var result = RunAnalysisStore.Analyze(connection, runId);
        return (Stopwatch.GetElapsedTime(started).TotalSeconds, result.Analysis.Trades.Count, runId);
    }

    /// <summary>
    /// Where the time goes, on the same file after the timed run: loading the input, the analytics, storing the rows.
    /// Timed separately (not part of <c>seconds</c>; the store here also deletes the rows the baselines left), to show
    /// which part to make faster.
    /// </summary>
    private static (double Load, double Analytics, double Store) Phases(string path, string runId)
    {
        Console.Error.WriteLine("phases: load, analytics, store…");
        using var connection = DatabaseFile.OpenForWriting(path, TimeProvider.System);
        var started = Stopwatch.GetTimestamp();
        var input = RunLoader.Load(connection, runId);
        var load = Stopwatch.GetElapsedTime(started).TotalSeconds;
        started = Stopwatch.GetTimestamp();
        var analysis = RunAnalyzer.Analyze(input, AnalysisOptions.Default);
        var insight = RunInsight.Compute(connection, runId, input, analysis);
        var analytics = Stopwatch.GetElapsedTime(started).TotalSeconds;
        started = Stopwatch.GetTimestamp();
        RunAnalysisStore.Store(connection, runId, input, analysis, insight, TimeProvider.System);
        return (load, analytics, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>
    /// A run written directly (the recorder's speed is not what is measured here): round trips of one contract,
    /// entered and exited by market orders a few minutes apart, over a minute-bar series covering the same time.
    /// </summary>
    internal static string Fill(string path, long executions, long bars)
    {
        var runId = Identities.NewRunId(TimeProvider.System);
        var run = new SyntheticRun(runId, Storage.Records.RunSource.Backtest, "AnalyzeBench");
        using var connection = DatabaseFile.OpenForWriting(path, TimeProvider.System);
        run.InsertDefinitions(connection, "COMPLETED", initialBalance: 1_000_000);

        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        using var tx = connection.BeginTransaction();
        using var bar = BenchmarkOutput.Command(connection, SyntheticRun.InsertBar, 7, tx);
        using var order = BenchmarkOutput.Command(connection, "INSERT INTO orders(run_id, order_id, symbol, account_id, side, order_type, quantity, status, submit_utc, update_utc) VALUES ($1,$2,'ES','SIM',$3,'MARKET',1,'FILLED',$4,$4)", 4, tx);
        using var exec = BenchmarkOutput.Command(connection, "INSERT INTO executions(run_id, execution_id, order_id, exec_utc, price, quantity, fee, symbol, account_id, side) VALUES ($1,$2,$3,$4,$5,1,1.0,'ES','SIM',$6)", 6, tx);
        var random = new Random(7);
        var price = 5000.0;
        for (long i = 0; i < bars; i++)
        {
            var open = price;
            price += Math.Round((random.NextDouble() - 0.5) * 4) * 0.25;
            BenchmarkOutput.Run(bar, run.SeriesId, Timestamps.Format(start.AddMinutes(i)), open, Math.Max(open, price) + 0.5, Math.Min(open, price) - 0.5, price, 100.0);
        }

        // Fills spread over the bars' time span: executions/bars fills per minute on average.
        var step = TimeSpan.FromTicks((long)(TimeSpan.TicksPerMinute * (double)bars / Math.Max(1, executions)));
        for (long i = 0; i < executions; i++)
        {
            var id = "O" + i.ToString(CultureInfo.InvariantCulture);
            var time = Timestamps.Format(start + (step * i));
            var side = (i / 2) % 2 == 0 ? (i % 2 == 0 ? "BUY" : "SELL") : (i % 2 == 0 ? "SELL" : "BUY");
            BenchmarkOutput.Run(order, runId, id, side, time);
            BenchmarkOutput.Run(exec, runId, "X" + i.ToString(CultureInfo.InvariantCulture), id, time, 5000 + ((i * 7919) % 40) * 0.25, side);
        }

        tx.Commit();
        return runId;
    }
}
