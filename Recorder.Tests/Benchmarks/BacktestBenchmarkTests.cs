using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Benchmarks;

/// <summary>The benchmark's `backtest` mode at a small size: it runs end to end and reports its keys as sane numbers (not timed).</summary>
[TestFixture]
public sealed class BacktestBenchmarkTests
{
    [Test]
    public void Backtest_mode_records_each_way_and_reports_the_ratios_and_the_files_floor()
    {
        using var folder = new TempDatabase();
        var json = Path.Combine(folder.Folder, "backtest.json");
        var work = Path.Combine(folder.Folder, "work");
        using var child = ChildProcess.Start("backtest", "--bars", "3000", "--rounds", "2", "--warm-up-closes", "3", "--warm-up-bars", "1500", "--json", json, "--dir", work);
        var output = ChildProcess.WaitForExit(child, TimeSpan.FromMinutes(5));

        Assert.That(child.ExitCode, Is.Zero, output);
        using var result = JsonDocument.Parse(File.ReadAllText(json));
        var root = result.RootElement;
        Assert.That(root.GetProperty("backtest_bars").GetInt32(), Is.EqualTo(3000));
        var orders = root.GetProperty("backtest_orders").GetInt32();
        Assert.That(orders, Is.GreaterThan(10), "the crossover traded");
        foreach (var round in new[] { "0", "1" })
        {
            var with = Path.Combine(work, "with-" + round + ".db");
            var withoutBars = Path.Combine(work, "withoutbars-" + round + ".db");
            var givenBars = Path.Combine(work, "withgivenbars-" + round + ".db");
            Assert.That(Db.Scalar<long>(givenBars, "SELECT COUNT(DISTINCT order_id) FROM orders"), Is.EqualTo(orders), givenBars);
            Assert.That(Db.Query<(string, double, double, double, double, double)>(givenBars, "SELECT ts_utc, open, high, low, close, volume FROM bars ORDER BY ts_utc"),
                Is.EqualTo(Db.Query<(string, double, double, double, double, double)>(with, "SELECT ts_utc, open, high, low, close, volume FROM bars ORDER BY ts_utc")),
                "the strategy's own bars, given to the recorder, are the bars it requests itself");
            Assert.That(Db.Scalar<long>(with, "SELECT COUNT(DISTINCT order_id) FROM orders"), Is.EqualTo(orders), with);
            Assert.That(Db.Scalar<long>(withoutBars, "SELECT COUNT(DISTINCT order_id) FROM orders"), Is.EqualTo(orders), withoutBars);
            Assert.That(Db.Scalar<long>(with, "SELECT COUNT(*) FROM bars"), Is.EqualTo(3000), "every bar of the run, the last one as the run ended");
            Assert.That(Db.Scalar<long>(with, "SELECT COUNT(*) FROM market_bars"), Is.EqualTo(3000), "each stored once");
            Assert.That(Db.Scalar<long>(withoutBars, "SELECT COUNT(*) FROM bars"), Is.Zero);
        }

        // Before the timed rounds, short runs closed one after another, so that the close's code was compiled to its last
        // tier: each a run of its own that ended and was analysed whole.
        Assert.That(root.GetProperty("warm_up_closes").GetInt32(), Is.EqualTo(3));
        Assert.That(Directory.GetFiles(work, "warm-up-?.db"), Has.Length.EqualTo(3));
        var warmUps = Enumerable.Range(0, 3).Select(i => Path.Combine(work, $"warm-up-{i}.db")).ToList();
        Assert.That(warmUps.Select(p => Db.Query<(string, long)>(p, "SELECT status, json_extract(metrics_json, '$.whole_run') FROM strategy_runs").Single()),
            Is.All.EqualTo(("COMPLETED", 1L)));
        Assert.That(root.GetProperty("warm_up_bars").GetInt32(), Is.EqualTo(1500));
        Assert.That(warmUps.Select(p => Db.Scalar<long>(p, "SELECT COUNT(*) FROM bars")), Is.All.EqualTo(1500), "each warm-up run as long as asked");

        // The floors wrote the last run's bars again: schema 16's each with its raw-log entry, 17's one stretch per
        // transaction.
        var floor16 = Path.Combine(work, "floor-16.db");
        Assert.That(Db.Scalar<long>(floor16, "SELECT COUNT(*) FROM bar_data"), Is.EqualTo(3000));
        Assert.That(Db.Scalar<long>(floor16, "SELECT COUNT(*) FROM ingest_events WHERE event_type = 'BAR'"), Is.EqualTo(3000));
        var floor17 = Path.Combine(work, "floor-17.db");
        Assert.That(Db.Scalar<long>(floor17, "SELECT COUNT(*) FROM market_bars"), Is.EqualTo(3000));
        Assert.That(Db.Scalar<long>(floor17, "SELECT SUM(json_extract(payload_json, '$.bar_count')) FROM ingest_events WHERE event_type = 'BARS_STORED'"), Is.EqualTo(3000));
        var bytesPerBar = root.GetProperty("file_bytes_per_bar").GetDouble();
        Assert.That(bytesPerBar, Is.EqualTo((double)(new FileInfo(Path.Combine(work, "with-1.db")).Length - new FileInfo(Path.Combine(work, "withoutbars-1.db")).Length) / 3000).Within(0.05));

        var without = root.GetProperty("backtest_without_seconds").GetDouble();
        foreach (var (seconds, ratio) in new[]
        {
            ("backtest_with_seconds", "backtest_with_recorder_vs_without"),
            ("backtest_with_recorder_no_bars_seconds", "backtest_with_recorder_no_bars_vs_without"),
            ("backtest_with_recorder_given_bars_seconds", "backtest_with_recorder_given_bars_vs_without"),
            ("plain_bar_rows_seconds", "plain_bar_rows_vs_backtest_without"),
            ("plain_market_bars_seconds", "plain_market_bars_vs_backtest_without"),
            ("recorder_close_seconds", "recorder_close_vs_backtest_without"),
            ("time_to_results_seconds", "time_to_results_vs_backtest_without"),
        })
        {
            var value = root.GetProperty(seconds).GetDouble();
            Assert.That(value, Is.GreaterThan(0), seconds);
            PrintedRatio.Is(root, ratio, value, without);
        }

        // Every round's close, time to results and backtest without the recorder; the best round's among them, and the
        // medians' ratios from them (two rounds: the median is the mean of both).
        double[] Rounds(string key) => root.GetProperty(key).EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var (withouts, closes, results) = (Rounds("backtest_without_rounds_seconds"), Rounds("recorder_close_rounds_seconds"), Rounds("time_to_results_rounds_seconds"));
        Assert.That(new[] { withouts.Length, closes.Length, results.Length }, Is.All.EqualTo(2), "a figure per round");
        Assert.That(withouts, Does.Contain(without), "the best round's backtest without the recorder is one of the rounds'");
        Assert.That(closes, Does.Contain(root.GetProperty("recorder_close_seconds").GetDouble()), "the best round's close is one of the rounds'");
        Assert.That(results, Does.Contain(root.GetProperty("time_to_results_seconds").GetDouble()));
        Assert.That(closes.Concat(results), Is.All.GreaterThan(0));
        PrintedRatio.Is(root, "recorder_close_median_vs_backtest_without_median", closes.Average(), withouts.Average());
        PrintedRatio.Is(root, "time_to_results_median_vs_backtest_without_median", results.Average(), withouts.Average());

        // The close's bound: the process's CPU while it waited for the close, over the processors, against the backtest.
        var closeCpu = root.GetProperty("recorder_close_cpu_seconds").GetDouble();
        Assert.That(closeCpu, Is.GreaterThanOrEqualTo(0));
        PrintedRatio.Is(root, "recorder_close_cpu_per_processor_vs_backtest_without", closeCpu / root.GetProperty("processor_count").GetInt32(), without);
        // The collector's share of that close: pauses (a collection that began just before the close counts whole) and full collections.
        Assert.That(root.GetProperty("recorder_close_gc_pause_seconds").GetDouble(), Is.GreaterThanOrEqualTo(0).And.LessThan(root.GetProperty("recorder_close_seconds").GetDouble() + 1));
        Assert.That(root.GetProperty("recorder_close_gen2_collections").GetInt32(), Is.GreaterThanOrEqualTo(0));
        Assert.That(Rounds("recorder_close_alloc_mb_rounds"), Has.Length.EqualTo(2).And.All.GreaterThan(0), "each round's close allocated its analysis");
        // The compiler during each round's close: the methods it compiled and the time it took for them.
        var (jitMethods, jitMs) = (Rounds("recorder_close_jit_methods_rounds"), Rounds("recorder_close_jit_ms_rounds"));
        Assert.That(jitMethods, Has.Length.EqualTo(2).And.All.GreaterThanOrEqualTo(0));
        Assert.That(jitMethods.Select(m => m % 1), Is.All.Zero, "a count of methods");
        Assert.That(jitMs, Has.Length.EqualTo(2).And.All.GreaterThanOrEqualTo(0));
        Assert.That(jitMethods.Zip(jitMs).Select(r => r.First > 0 == r.Second > 0), Is.All.True, "time exactly where methods were compiled");

        // Each round's close step by step, from the writer's trace events: in the order a close takes them, within its time.
        var timelines = root.GetProperty("recorder_close_timeline_ms_rounds").EnumerateArray().ToArray();
        Assert.That(timelines, Has.Length.EqualTo(2));
        for (var i = 0; i < timelines.Length; i++)
        {
            double Step(string key) => timelines[i].GetProperty(key).GetDouble();
            // The events the close drains and the end analysis' preparation wait for the same batch: either may come first.
            // Times are from Stop()'s return; the run's end is asked in OnStop, so a step may come before it (below zero)
            // when the thread that called Stop() waits for a processor: each step is there whenever it came.
            var steps = new[] { "end_analysis_prepared", "end_analysis_stored", "ended" }.Select(Step).ToArray();
            Assert.That(steps, Is.Ordered, $"round {i}: the end analysis prepared and stored, then the file closed");
            Assert.That(Step("drained"), Is.LessThanOrEqualTo(steps[^1]), "drained before the file closed");
            // The close is printed to the millisecond.
            Assert.That(steps[^1], Is.LessThanOrEqualTo((closes[i] * 1000) + 0.5), "the file closed before the wait for it ended");
            Assert.That(Step("end_analysis_waits"), Is.GreaterThanOrEqualTo(0));
            Assert.That(Step("checkpoint_ms_before_end_analysis_stored"), Is.GreaterThanOrEqualTo(0).And.LessThanOrEqualTo(Step("checkpoint_ms")));
            Assert.That(Step("checkpoint_ms"), Is.LessThanOrEqualTo(steps[^1]), "the writer's checkpoints during the close");
            Assert.That(Step("checkpoint_beside_ms"), Is.GreaterThanOrEqualTo(0).And.LessThanOrEqualTo(steps[^1]), "the log's copies beside it");
        }

        // Where the close goes: the run's analysis done again on its file, part by part.
        foreach (var phase in new[] { "load", "analytics", "insight", "store" })
        {
            Assert.That(root.GetProperty("close_phase_" + phase + "_seconds").GetDouble(), Is.GreaterThanOrEqualTo(0), phase);
        }

        // The end's store after a running store of the run's first half, against the store of every row.
        var endStore = root.GetProperty("end_store_after_running_seconds").GetDouble();
        Assert.That(endStore, Is.GreaterThan(0));
        PrintedRatio.Is(root, "end_store_after_running_vs_every_row", endStore, root.GetProperty("close_phase_store_seconds").GetDouble());

        // Not in the close: the deflated Sharpe figures of the runs whose trials include it, stored after it.
        Assert.That(root.GetProperty("trial_figures_seconds").GetDouble(), Is.GreaterThanOrEqualTo(0));
        Assert.That(root.TryGetProperty("close_phase_trials_seconds", out _), Is.False, "the close reads the run alone");

        // The writer's CPU over the run, read from the kernel where it can be (Linux), said to be missing elsewhere.
        foreach (var (seconds, ratio) in new[]
        {
            ("recorder_writer_cpu_seconds", "recorder_writer_cpu_vs_backtest_without"),
            ("recorder_writer_cpu_no_bars_seconds", "recorder_writer_cpu_no_bars_vs_backtest_without"),
        })
        {
            if (OperatingSystem.IsLinux())
            {
                var value = root.GetProperty(seconds).GetDouble();
                Assert.That(value, Is.GreaterThanOrEqualTo(0), seconds);
                PrintedRatio.Is(root, ratio, value, without);
            }
            else
            {
                Assert.That(root.GetProperty(seconds).GetString(), Is.EqualTo("not measured on this platform"), seconds);
            }
        }

        // The writer's CPU per order event and per fill, the bars set apart: the no-bars run's events recorded again,
        // each kind into a file of its own, as many as the run had.
        Assert.That(root.GetProperty("writer_order_events").GetInt32(), Is.EqualTo(Db.Scalar<long>(Path.Combine(work, "withoutbars-1.db"),
            "SELECT COUNT(*) FROM ingest_events WHERE event_type = 'ORDER'")));
        Assert.That(root.GetProperty("writer_fills").GetInt32(), Is.EqualTo(Db.Scalar<long>(Path.Combine(work, "withoutbars-1.db"),
            "SELECT COUNT(*) FROM executions")));
        Assert.That(Db.Scalar<long>(Path.Combine(work, "fills-2.db"), "SELECT COUNT(*) FROM executions"), Is.EqualTo(root.GetProperty("writer_fills").GetInt32()));
        foreach (var key in new[] { "writer_cpu_per_order_event_us", "writer_cpu_per_fill_us" })
        {
            if (OperatingSystem.IsLinux())
            {
                Assert.That(root.GetProperty(key).GetDouble(), Is.GreaterThan(0), key);
            }
            else
            {
                Assert.That(root.GetProperty(key).GetString(), Is.EqualTo("not measured on this platform"), key);
            }
        }

        // The bound the writer's CPU sets: the backtest without the recorder beside a thread that only uses that much
        // CPU (its orders are checked against the plain run's by the benchmark itself), and what that thread burned.
        foreach (var (seconds, ratio, burned) in new[]
        {
            ("backtest_beside_writer_cpu_seconds", "backtest_beside_writer_cpu_vs_without", "cpu_neighbour_burned_seconds"),
            ("backtest_beside_writer_cpu_no_bars_seconds", "backtest_beside_writer_cpu_no_bars_vs_without", "cpu_neighbour_no_bars_burned_seconds"),
        })
        {
            if (OperatingSystem.IsLinux())
            {
                var value = root.GetProperty(seconds).GetDouble();
                Assert.That(value, Is.GreaterThan(0), seconds);
                PrintedRatio.Is(root, ratio, value, without);
                Assert.That(root.GetProperty(burned).GetDouble(), Is.GreaterThanOrEqualTo(0), burned);
            }
            else
            {
                foreach (var key in new[] { seconds, ratio, burned })
                {
                    Assert.That(root.GetProperty(key).GetString(), Is.EqualTo("not measured on this platform"), key);
                }
            }
        }
    }

    // A long run's close calls code a short run's never does (its store in steps, the analyses while it records): unless
    // told otherwise, each warm-up run is as long as the timed ones.
    [Test]
    public void Without_warm_up_bars_each_warm_up_run_is_as_long_as_the_timed_runs()
    {
        using var folder = new TempDatabase();
        var json = Path.Combine(folder.Folder, "backtest.json");
        var work = Path.Combine(folder.Folder, "work");
        using var child = ChildProcess.Start("backtest", "--bars", "1200", "--rounds", "1", "--warm-up-closes", "2", "--json", json, "--dir", work);
        var output = ChildProcess.WaitForExit(child, TimeSpan.FromMinutes(5));

        Assert.That(child.ExitCode, Is.Zero, output);
        using var result = JsonDocument.Parse(File.ReadAllText(json));
        Assert.That(result.RootElement.GetProperty("warm_up_bars").GetInt32(), Is.EqualTo(1200), "the timed runs' bars, more than the 1,000 of short runs");
        Assert.That(Enumerable.Range(0, 2).Select(i => Db.Scalar<long>(Path.Combine(work, $"warm-up-{i}.db"), "SELECT COUNT(*) FROM bars")),
            Is.All.EqualTo(1200));
    }

    [Test]
    public void A_folder_that_holds_an_earlier_runs_files_is_refused_and_left_as_it_was()
    {
        using var folder = new TempDatabase();
        var work = Path.Combine(folder.Folder, "work");
        Directory.CreateDirectory(work);
        var earlier = Path.Combine(work, "floor-16.db");
        File.WriteAllText(earlier, "an earlier run's file");
        using var child = ChildProcess.Start("backtest", "--bars", "3000", "--rounds", "1", "--dir", work);
        var output = ChildProcess.WaitForExit(child, TimeSpan.FromMinutes(2));

        Assert.That(child.ExitCode, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain($"--dir {work} already holds database files (floor-16.db"));
        Assert.That(Directory.EnumerateFiles(work).Select(Path.GetFileName), Is.EqualTo(new[] { "floor-16.db" }), "nothing recorded beside it");
        Assert.That(File.ReadAllText(earlier), Is.EqualTo("an earlier run's file"));
    }
}
