using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// The optimisation benchmark: the backtest benchmark's crossover over the same one-minute bars, pass after pass, each
/// pass other periods (an optimiser's grid), as the platform's optimiser plays them — one strategy stopped, the next
/// started — without the recorder, and with its one line writing every pass into one file. A pass does not wait for
/// its run's close (the platform goes on to the next pass when the strategy has stopped); the "with" time ends when
/// the last run is in the file, analysed and closed. The ways take turns a block of passes at a time, each block of
/// the "with" way ending once its runs are closed; a way's time is the sum of its blocks, and each keeps its best round.
/// </summary>
internal static class OptimisationBenchmark
{
    private const int Seed = 35;

    /// <param name="recorderCore">The processor the recorder's own threads are kept on, the platform's on the others
    /// (<see cref="RecorderCore"/>); null: every thread anywhere, as a trader's machine runs them.</param>
    public static int Run(int passes, int barCount, int rounds, string? jsonPath, string? directory, int? recorderCore = null)
    {
        if (passes < 1 || barCount < 100)
        {
            Console.Error.WriteLine("--passes must be at least 1 and --bars at least 100");
            return 2;
        }

        RecorderCore? apart;
        try
        {
            apart = recorderCore is { } core ? RecorderCore.Start(core) : null;
        }
        catch (NotSupportedException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }

        using var placed = apart;
        return BenchmarkOutput.InFolder(directory, "qr-optimisation-", dir =>
        {
            var bars = BacktestBars.Generate(barCount, Seed);
            var grid = Grid(passes);

            // Untimed: the platform's, the strategy's and the recorder's code compiled and recompiled hot, each way.
            var warmUp = BacktestBars.Generate(Math.Min(barCount, 5_000), Seed);
            Optimise(warmUp, grid.Take(5).ToList(), null);
            Optimise(warmUp, grid.Take(5).ToList(), Path.Combine(dir, "warm-up.db"));

            // Untimed: the CPU the recorder's own threads use over the optimisation (its writer, and the thread pool's
            // workers, where the runs' closes analyse them, less what the pool does without the recorder), read on Linux.
            var recorderCpu = RecorderCpu(bars, grid, Path.Combine(dir, "sampled.db"));

            double? beside = null, burned = null, laterVsFirst = null;
            Optimisation? without = null, with = null;
            IReadOnlyDictionary<string, double>? lastClose = null;
            var orders = new List<int>();
            // The ways take turns block by block, not round by round: this machine's speed moves by half or double between
            // minutes (docs/benchmarks.md), and a way timed whole in a slow minute against another in a fast one measured
            // the minute. The third way, where the recorder's CPU was measured, is the optimisation without the recorder
            // beside a thread that only uses as much CPU as the recorder's threads did over the block (CpuNeighbour).
            var ways = recorderCpu is null ? new[] { Way.Without, Way.With } : [Way.Without, Way.With, Way.Beside];
            var blocks = Blocks(grid);
            for (var round = 0; round < Math.Max(1, rounds); round++)
            {
                var path = Path.Combine(dir, "optimisation-" + round.ToString(CultureInfo.InvariantCulture) + ".db");
                Console.Error.WriteLine($"round {round + 1}: {passes} passes × {barCount:N0} bars in {blocks.Count} block(s) of at most {blocks[0].Count}, "
                                        + "each block without the recorder and with it, taking turns"
                                        + (recorderCpu is { } cpu ? $", and beside another thread's CPU ({cpu.Total:0.00} s over every block)…" : "…"));
                var played = new Dictionary<Way, Optimisation>();
                var neighbourBurned = 0.0;
                for (var b = 0; b < blocks.Count; b++)
                {
                    var turn = round + b;
                    var times = new List<string>();
                    foreach (var way in ways.Skip(turn % ways.Length).Concat(ways.Take(turn % ways.Length)))
                    {
                        GC.Collect();
                        GC.WaitForPendingFinalizers();
                        GC.Collect();
                        using var neighbour = way == Way.Beside ? CpuNeighbour.Start(recorderCpu!.Value.Total * blocks[b].Count / passes) : null;
                        // With the recorder, every block into the round's one file: its later passes find the earlier ones.
                        var block = Optimise(bars, blocks[b], way == Way.With ? path : null);
                        if (neighbour is not null)
                        {
                            neighbour.Dispose();
                            neighbourBurned += neighbour.Burned;
                        }

                        played[way] = played.TryGetValue(way, out var before) ? before.Then(block) : block;
                        times.Add($"{way.ToString().ToLowerInvariant()} {block.Seconds:0.000} s");
                    }

                    Console.Error.WriteLine($"  block {b + 1}: {string.Join(", ", times)}");
                }

                foreach (var sent in played.Values.Select(o => o.Orders))
                {
                    if (orders.Count == 0)
                    {
                        orders.AddRange(sent);
                    }
                    else if (!orders.SequenceEqual(sent))
                    {
                        // The strategy decides from the bars alone: every way and round must send the same orders, pass by pass.
                        throw new InvalidOperationException("the passes sent other orders with the recorder than without it");
                    }
                }

                var recorded = played[Way.With];
                Check(path, recorded.Orders);
                // Untimed: where the last pass's close goes, done again in the full file.
                lastClose ??= ClosePhases.Measure(path);
                if (recorded.Seconds < (with?.Seconds ?? double.MaxValue))
                {
                    (with, laterVsFirst) = (recorded, LaterVsFirst(recorded.Starts, recorded.Seconds));
                }

                if (played[Way.Without].Seconds < (without?.Seconds ?? double.MaxValue))
                {
                    without = played[Way.Without];
                }

                if (played.TryGetValue(Way.Beside, out var besideRound) && besideRound.Seconds < (beside ?? double.MaxValue))
                {
                    (beside, burned) = (besideRound.Seconds, neighbourBurned);
                }
            }

            var result = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["optimisation_passes"] = passes,
                ["optimisation_bars_per_pass"] = barCount,
                ["optimisation_blocks"] = blocks.Count,
                ["optimisation_orders"] = orders.Sum(),
                ["rounds"] = rounds,
                ["optimisation_without_seconds"] = Math.Round(without!.Seconds, 3),
                ["optimisation_with_seconds"] = Math.Round(with!.Seconds, 3),
                ["optimisation_with_recorder_vs_without"] = Math.Round(with.Seconds / without.Seconds, 3),
                // Whether a pass costs more in a fuller file (aim ≤ 1.10); what the recorder adds to each: PhaseCosts.
                ["later_passes_vs_first_passes"] = Math.Round(laterVsFirst!.Value, 3),
                ["processor_count"] = Environment.ProcessorCount,
                // Where it goes and what that CPU alone costs the optimisation on this machine (said to be missing where a
                // thread's CPU cannot be read).
                ["recorder_writer_cpu_seconds"] = BenchmarkOutput.Rounded(recorderCpu?.Writer),
                ["recorder_jobs_cpu_seconds"] = BenchmarkOutput.Rounded(recorderCpu?.Jobs),
                ["recorder_pool_cpu_seconds"] = BenchmarkOutput.Rounded(recorderCpu?.Pool),
                ["optimisation_beside_recorder_cpu_seconds"] = BenchmarkOutput.Rounded(beside),
                ["optimisation_beside_recorder_cpu_vs_without"] = BenchmarkOutput.Rounded(beside / without.Seconds),
                ["cpu_neighbour_burned_seconds"] = BenchmarkOutput.Rounded(burned),
                // Where the recorder's threads ran: on a processor of their own (--recorder-core), with how many of them were
                // moved there, or beside the platform's.
                ["recorder_core"] = recorderCore is { } kept ? kept : "shared",
                ["recorder_core_threads_moved"] = apart?.Moved ?? 0,
            };
            foreach (var (key, ms) in PhaseCosts(with, without, passes))
            {
                result[key] = ms;
            }

            foreach (var (key, seconds) in lastClose ?? new Dictionary<string, double>())
            {
                result["last_pass_" + key] = seconds;
            }

            return BenchmarkOutput.Report(result, jsonPath);
        });
    }

    private enum Way
    {
        Without, With, Beside,
    }

    // The CPU of the recorder's threads over one optimisation, each way sampled (ThreadCpuSampler): the writer's
    // threads, the threads its jobs are prepared on, and the thread pool's workers less their use without the recorder.
    // Null where it cannot be read.
    private static (double Writer, double Jobs, double Pool, double Total)? RecorderCpu(BacktestBars bars, List<(int Fast, int Slow)> grid, string path)
    {
        var used = new Dictionary<bool, IReadOnlyDictionary<string, double>>();
        foreach (var recording in new[] { false, true })
        {
            Console.Error.WriteLine($"untimed: {grid.Count} passes {(recording ? "with" : "without")} the recorder, its threads' CPU read…");
            var sampler = ThreadCpuSampler.Start();
            if (sampler is null)
            {
                return null;
            }

            Optimise(bars, grid, recording ? path : null);
            used[recording] = sampler.Stop();
        }

        var writer = used[true].GetValueOrDefault(ThreadCpu.Writer);
        var jobs = used[true].GetValueOrDefault(ThreadCpu.Jobs);
        var pool = Math.Max(0, used[true].GetValueOrDefault(ThreadCpu.Pool) - used[false].GetValueOrDefault(ThreadCpu.Pool));
        return (writer, jobs, pool, writer + jobs + pool);
    }

    // An optimiser's grid: fast periods 5…14 against slow periods 20, 30, 40, …, as many passes as asked.
    private static List<(int Fast, int Slow)> Grid(int passes) =>
        Enumerable.Range(0, passes).Select(i => (5 + (i % 10), 20 + (10 * (i / 10)))).ToList();

    // Every pass one after the other; with a file, the wait for the last close is part of the time. Each pass's start,
    // in seconds from the first's.
    private static Optimisation Optimise(BacktestBars bars, List<(int Fast, int Slow)> grid, string? path)
    {
        var (allocated, paused, workItems) = (GC.GetTotalAllocatedBytes(precise: true), GC.GetTotalPauseDuration(), ThreadPool.CompletedWorkItemCount);
        var cpu = ThreadCpu.ProcessSeconds();
        var started = Stopwatch.GetTimestamp();
        var closes = new List<Task>();
        var orders = new List<int>();
        var starts = new List<double>();
        var phases = default(PassPhases);
        foreach (var periods in grid)
        {
            starts.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
            var (times, closed) = BacktestPlay.Play(bars, path, recordBars: true, periods, waitClosed: false);
            orders.Add(times.Orders);
            closes.Add(closed);
            phases += times.Phases;
        }

        var lastPlayed = Stopwatch.GetTimestamp();
        Task.WaitAll([.. closes]);
        var ended = Stopwatch.GetTimestamp();
        return new Optimisation(Stopwatch.GetElapsedTime(started, ended).TotalSeconds, orders, starts, phases, Stopwatch.GetElapsedTime(lastPlayed, ended).TotalSeconds,
            GC.GetTotalAllocatedBytes(precise: true) - allocated, (GC.GetTotalPauseDuration() - paused).TotalSeconds, ThreadPool.CompletedWorkItemCount - workItems,
            ThreadCpu.ProcessSeconds() - cpu);
    }

    // One optimisation: its time, each pass's orders and start, the passes' phases summed, the wait for the closes still
    // running once the last pass had stopped, and the process' bytes allocated, pauses, pool work items and CPU meanwhile.
    private sealed record Optimisation(double Seconds, List<int> Orders, List<double> Starts, PassPhases Phases, double LastCloses,
        long AllocatedBytes, double GcPauseSeconds, long WorkItems, double CpuSeconds)
    {
        // This block, then the next one played the same way, as one optimisation: the next's passes start after this one
        // ended, on a clock that counts only this way's blocks.
        public Optimisation Then(Optimisation next) => new(Seconds + next.Seconds, [.. Orders, .. next.Orders],
            [.. Starts, .. next.Starts.Select(start => Seconds + start)], Phases + next.Phases, LastCloses + next.LastCloses,
            AllocatedBytes + next.AllocatedBytes, GcPauseSeconds + next.GcPauseSeconds, WorkItems + next.WorkItems, CpuSeconds + next.CpuSeconds);
    }

    // The grid cut into the blocks the ways take turns over: a tenth of the passes each, at most 100 (so that at 1,000
    // passes the first block is the first 100 passes later_passes_vs_first_passes compares the last 100 with).
    private static List<List<(int Fast, int Slow)>> Blocks(List<(int Fast, int Slow)> grid) =>
        grid.Chunk(Math.Clamp(grid.Count / 10, 1, 100)).Select(block => block.ToList()).ToList();

    // What the recorder adds to a pass (the with-recorder round's time per pass less the without's, in ms; aim ≤ 5), then
    // the same phase by phase: the platform made for the pass, the strategy's start, its bars traded, its stop, the wait
    // after each block's last pass for the closes still running, and the rest (each pass's own bookkeeping between
    // them), which add up to it.
    private static IEnumerable<(string Key, double Ms)> PhaseCosts(Optimisation with, Optimisation without, int passes)
    {
        double PerPass(double withSeconds, double withoutSeconds) => Math.Round((withSeconds - withoutSeconds) * 1000 / passes, 3);
        double Rest(Optimisation o) => o.Seconds - o.Phases.Total - o.LastCloses;
        yield return ("recorder_ms_per_pass", PerPass(with.Seconds, without.Seconds));
        yield return ("recorder_ms_per_pass_in_setup", PerPass(with.Phases.Setup, without.Phases.Setup));
        yield return ("recorder_ms_per_pass_in_start", PerPass(with.Phases.Start, without.Phases.Start));
        yield return ("recorder_ms_per_pass_in_trading", PerPass(with.Phases.Trading, without.Phases.Trading));
        yield return ("recorder_ms_per_pass_in_stop", PerPass(with.Phases.Stop, without.Phases.Stop));
        yield return ("recorder_ms_per_pass_in_last_closes", PerPass(with.LastCloses, without.LastCloses));
        yield return ("recorder_ms_per_pass_elsewhere", PerPass(Rest(with), Rest(without)));
        // What the collector costs it: the bytes allocated a pass (the platform's and the strategy's too) and the pauses,
        // which stop every thread of the process, the platform's included.
        yield return ("recorder_alloc_kb_per_pass", Math.Round((with.AllocatedBytes - without.AllocatedBytes) / 1024.0 / passes, 1));
        yield return ("recorder_gc_pause_ms_per_pass", PerPass(with.GcPauseSeconds, without.GcPauseSeconds));
        // The work items the thread pool ran for the recorder (each wakes a worker, which then spins a while for more).
        yield return ("recorder_pool_work_items_per_pass", Math.Round((with.WorkItems - without.WorkItems) / (double)passes, 2));
        // The CPU the recorder adds to a pass, on every thread (its own, its handlers on the platform's, the collector's),
        // in the same blocks as the time: what a pass costs where the optimisation already keeps every core busy, and far
        // steadier than the time on a shared machine. The optimisation's own CPU a pass beside it.
        yield return ("recorder_cpu_ms_per_pass", PerPass(with.CpuSeconds, without.CpuSeconds));
        yield return ("optimisation_without_cpu_ms_per_pass", Math.Round(without.CpuSeconds * 1000 / passes, 3));
    }

    // The mean time per pass of the last 100 passes over that of the first 100 (half the passes each when there are
    // fewer than 200): the first from the start to the 101st pass's start, the last from the last 100's first start to
    // the end, the wait for their closes included — a close that costs more in a fuller file shows here.
    private static double LaterVsFirst(List<double> starts, double seconds)
    {
        var window = Math.Clamp(starts.Count / 2, 1, 100);
        var first = window < starts.Count ? starts[window] : seconds;
        var last = seconds - starts[^window];
        return last / first;
    }

    // Every pass is a run of its own in the file, analysed, with the orders its strategy sent.
    private static void Check(string path, List<int> sent)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(DISTINCT o.order_id) FROM orders o WHERE o.run_id = r.run_id), r.metrics_json IS NOT NULL
            FROM strategy_runs r ORDER BY r.start_utc, r.run_id
            """;
        using var reader = command.ExecuteReader();
        var stored = new List<int>();
        while (reader.Read())
        {
            if (reader.GetInt64(1) == 0)
            {
                throw new InvalidOperationException("a pass's run was closed without its analysis");
            }

            stored.Add(reader.GetInt32(0));
        }

        if (!stored.Order().SequenceEqual(sent.Order()))
        {
            throw new InvalidOperationException($"the file holds {stored.Count} runs with {stored.Sum()} orders; the passes sent {sent.Count} runs with {sent.Sum()}");
        }

        Console.Error.WriteLine($"  recorded {stored.Count} runs, {stored.Sum():N0} orders");
    }
}
