using System.Globalization;
using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// The backtest benchmark: the same crossover strategy over the same one-minute bars through the stand-in's backtest,
/// without the recorder, with its one line (<see cref="BacktestPlay"/>), and with that line recording no bars (an
/// author's choice: what the orders and fills alone cost), taking turns over the rounds, each its best round. A "with"
/// time includes the wait until the run is in the file, analysed and closed. The file's floors (<see cref="BacktestFloor"/>)
/// and its bytes per bar are measured in the same run.
/// </summary>
internal static class BacktestBenchmark
{
    private const int Seed = 35;

    /// <summary>Closes played before the timed rounds by default: past the runtime's 30 calls before it recompiles a method optimised.</summary>
    public const int ClosesToSteadyCode = 40;

    /// <param name="warmUpBars">Bars of each warm-up close, at most the timed runs' (the command's default): a close of a
    /// long run calls code a short run's never does.</param>
    public static int Run(int barCount, int rounds, string? jsonPath, string? directory, int warmUpCloses, int warmUpBars)
    {
        if (barCount < 100)
        {
            Console.Error.WriteLine("--bars must be at least 100");
            return 2;
        }

        if (warmUpCloses < 0)
        {
            Console.Error.WriteLine("--warm-up-closes must be 0 or more");
            return 2;
        }

        var warmUpBarCount = Math.Min(barCount, warmUpBars);
        if (warmUpBarCount < 100)
        {
            Console.Error.WriteLine("--warm-up-bars must be at least 100");
            return 2;
        }

        // The writer's trace events, for each timed close's timeline (recorder_close_timeline_ms_rounds).
        using var timeline = new CloseTimeline();
        return BenchmarkOutput.InFolder(directory, "qr-backtest-", dir =>
        {
            // Untimed: loads and compiles the platform's, the strategy's and the recorder's code paths, each way, long
            // enough for the runtime to have recompiled the hot ones (tiered compilation) before the first timed round.
            var warmUp = BacktestBars.Generate(Math.Min(barCount, 20_000), Seed);
            BacktestPlay.Play(warmUp, null);
            BacktestPlay.Play(warmUp, Path.Combine(dir, "warm-up.db"));
            BacktestPlay.Play(warmUp, Path.Combine(dir, "warm-up-no-bars.db"), recordBars: false);
            BacktestPlay.Play(warmUp, Path.Combine(dir, "warm-up-given-bars.db"), giveBars: true);
            // A run's close calls much of its code once (its whole-run analysis, the store, the file's close): the runtime
            // recompiles a method optimised only after 30 calls, so these runs take that code to its last tier, as a trader's
            // first few dozen runs do; otherwise the timed closes would share the processors with the compiler. As long as the
            // timed ones by default (--warm-up-bars), they also take the code only a long run's close calls (its store in
            // steps, its curve in several chunks, the analyses while it records) to its last tier: after forty runs of 1,000
            // bars the compiler still took 10-63 ms of CPU in a timed close of 100,000 bars, after forty of 100,000 1-5 ms.
            var warmUpRuns = BacktestBars.Generate(warmUpBarCount, Seed);
            for (var run = 0; run < warmUpCloses; run++)
            {
                BacktestPlay.Play(warmUpRuns, Path.Combine(dir, "warm-up-" + run.ToString(CultureInfo.InvariantCulture) + ".db"));
            }

            var bars = BacktestBars.Generate(barCount, Seed);
            var best = new Dictionary<Kind, BacktestTimes>();
            // Every round's figures too: a ratio of the best rounds swings with the one best backtest without the recorder
            // on a shared machine; the medians' ratios are the steadier figures to compare two builds by.
            var all = new Dictionary<Kind, List<BacktestTimes>>();
            for (var round = 0; round < Math.Max(1, rounds); round++)
            {
                var name = round.ToString(CultureInfo.InvariantCulture);
                // The four take turns, the order rotating each round, so a busy moment of the machine slows each in turn.
                var kinds = new[] { Kind.Without, Kind.With, Kind.WithoutBars, Kind.WithGivenBars };
                foreach (var kind in kinds.Skip(round % kinds.Length).Concat(kinds.Take(round % kinds.Length)))
                {
                    var path = kind == Kind.Without ? null : Path.Combine(dir, kind.ToString().ToLowerInvariant() + "-" + name + ".db");
                    Console.Error.WriteLine($"round {round + 1}: {barCount:N0} bars {Describe(kind)}…");
                    // What the runs before left behind is collected now, not during this one.
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    GC.Collect();
                    var times = BacktestPlay.Play(bars, path, recordBars: kind != Kind.WithoutBars, giveBars: kind == Kind.WithGivenBars);
                    if (path is not null)
                    {
                        Check(path, times, expectBars: kind != Kind.WithoutBars);
                    }

                    Keep(best, kind, times);
                    (all.TryGetValue(kind, out var kept) ? kept : all[kind] = []).Add(times);
                    // The bound the writer's CPU sets: the backtest without the recorder, beside a thread that uses as much
                    // of the processor as this run's writer did and does nothing else, played right after it.
                    if (kind is Kind.With or Kind.WithoutBars && times.WriterCpuSeconds is { } writerCpu)
                    {
                        Console.Error.WriteLine($"round {round + 1}: {barCount:N0} bars without the recorder, beside {writerCpu:0.00} s of another thread's CPU…");
                        GC.Collect();
                        GC.WaitForPendingFinalizers();
                        GC.Collect();
                        if (BacktestPlay.PlayBeside(bars, writerCpu) is { } neighboured)
                        {
                            Keep(best, kind == Kind.With ? Kind.Beside : Kind.BesideNoBars, neighboured);
                        }
                    }
                }
            }

            var (without, with, withoutBars, givenBars) = (best[Kind.Without], best[Kind.With], best[Kind.WithoutBars], best[Kind.WithGivenBars]);
            // The strategy decides from the bars alone: every run must have sent the same orders.
            if (with.Orders != without.Orders || withoutBars.Orders != without.Orders || givenBars.Orders != without.Orders)
            {
                throw new InvalidOperationException($"the runs sent {without.Orders} orders without the recorder, {with.Orders} with it, {withoutBars.Orders} with it but no bars and {givenBars.Orders} with it on the strategy's own bars");
            }

            var (beside, besideNoBars) = (best.GetValueOrDefault(Kind.Beside), best.GetValueOrDefault(Kind.BesideNoBars));
            if (new[] { beside, besideNoBars }.Any(b => b is not null && b.Orders != without.Orders))
            {
                throw new InvalidOperationException($"the runs sent {without.Orders} orders without the recorder, {beside?.Orders} and {besideNoBars?.Orders} beside the CPU neighbour");
            }

            // The floors: the last recorded run's bars written again by plain commands, in schema 16's layout and 17's.
            var last = (Math.Max(1, rounds) - 1).ToString(CultureInfo.InvariantCulture);
            var recorded = Path.Combine(dir, "with-" + last + ".db");
            var floor = BacktestFloor.Schema16Seconds(recorded, Path.Combine(dir, "floor-16.db"));
            var marketFloor = BacktestFloor.Schema17Seconds(recorded, Path.Combine(dir, "floor-17.db"));
            // What the bars cost on disk: the same backtest's file with bars less its file without, over the bars.
            var bytesPerBar = (double)(new FileInfo(recorded).Length - new FileInfo(Path.Combine(dir, "withoutbars-" + last + ".db")).Length) / barCount;
            // Where those bytes are: the bars' own table, and the equity curve the run's analysis marks to market on them
            // (each copied alone into a file of its own, which the folder's cleanup removes).
            var (barBytes, equityBytes) = (TableBytes(recorded, "market_bars"), TableBytes(recorded, "equity_data"));
            // Where the close goes: the run's analysis done again on its file, part by part.
            var phases = ClosePhases.Measure(recorded);
            // The writer's CPU per order event and per fill, the bars set apart: the no-bars run's events recorded again.
            var perEvent = WriterEventCost.Measure(Path.Combine(dir, "withoutbars-" + last + ".db"), dir);

            var result = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["backtest_bars"] = barCount,
                ["warm_up_closes"] = warmUpCloses,
                ["warm_up_bars"] = warmUpBarCount,
                ["backtest_orders"] = with.Orders,
                ["rounds"] = rounds,
                ["backtest_without_seconds"] = Math.Round(without.TotalSeconds, 3),
                ["backtest_with_seconds"] = Math.Round(with.TotalSeconds, 3),
                ["backtest_with_recorder_vs_without"] = Math.Round(with.TotalSeconds / without.TotalSeconds, 3),
                ["recorder_on_strategy_thread_seconds"] = Math.Round(with.RunSeconds - without.RunSeconds, 3),
                ["recorder_order_handlers_seconds"] = Math.Round(with.OrderHandlerSeconds, 3),
                ["recorder_producer_wait_seconds"] = Math.Round(with.ProducerWaitSeconds, 3),
                ["recorder_close_seconds"] = Math.Round(with.CloseSeconds, 3),
                ["recorder_close_vs_backtest_without"] = Math.Round(with.CloseSeconds / without.TotalSeconds, 3),
                // From the backtest's last bar to the run's metrics readable by another connection (aim ≤ 0.15).
                ["time_to_results_seconds"] = Math.Round(with.ResultsSeconds!.Value, 3),
                ["time_to_results_vs_backtest_without"] = Math.Round(with.ResultsSeconds.Value / without.TotalSeconds, 3),
                // The same two over every round: each round's figure, and the median's ratio to the median backtest without.
                ["backtest_without_rounds_seconds"] = Rounds(all[Kind.Without], t => t.TotalSeconds),
                ["recorder_close_rounds_seconds"] = Rounds(all[Kind.With], t => t.CloseSeconds),
                ["time_to_results_rounds_seconds"] = Rounds(all[Kind.With], t => t.ResultsSeconds!.Value),
                ["recorder_close_median_vs_backtest_without_median"] =
                    Math.Round(Median(all[Kind.With], t => t.CloseSeconds) / Median(all[Kind.Without], t => t.TotalSeconds), 3),
                ["time_to_results_median_vs_backtest_without_median"] =
                    Math.Round(Median(all[Kind.With], t => t.ResultsSeconds!.Value) / Median(all[Kind.Without], t => t.TotalSeconds), 3),
                // The close's bound: the CPU the process used while it waited, spread over every processor, is the least
                // time that work could take here, however well its parts ran side by side.
                ["recorder_close_cpu_seconds"] = Math.Round(with.CloseCpuSeconds, 3),
                // Of the close's time, what the garbage collector held the process for, and its full collections.
                ["recorder_close_gc_pause_seconds"] = Math.Round(with.CloseGcPauseSeconds, 4),
                ["recorder_close_gen2_collections"] = with.CloseGen2Collections,
                // And what the process allocated meanwhile, over every round (a long run's arrays are large objects).
                ["recorder_close_alloc_mb_rounds"] = Rounds(all[Kind.With], t => t.CloseAllocatedBytes / 1e6),
                // And the runtime's compiler meanwhile, on every thread: code the warm-up closes did not take to its last tier.
                ["recorder_close_jit_methods_rounds"] = all[Kind.With].Select(t => t.CloseJitMethods).ToArray(),
                ["recorder_close_jit_ms_rounds"] = Rounds(all[Kind.With], t => t.CloseJitSeconds * 1000),
                // Each round's close step by step, from the writer's trace events (CloseTimeline): where the time went.
                ["recorder_close_timeline_ms_rounds"] = all[Kind.With].Select(t => t.CloseTimeline).ToArray(),
                ["recorder_close_cpu_per_processor_vs_backtest_without"] = Math.Round(with.CloseCpuSeconds / Environment.ProcessorCount / without.TotalSeconds, 3),
                ["backtest_with_recorder_no_bars_seconds"] = Math.Round(withoutBars.TotalSeconds, 3),
                ["backtest_with_recorder_no_bars_vs_without"] = Math.Round(withoutBars.TotalSeconds / without.TotalSeconds, 3),
                ["backtest_with_recorder_given_bars_seconds"] = Math.Round(givenBars.TotalSeconds, 3),
                ["backtest_with_recorder_given_bars_vs_without"] = Math.Round(givenBars.TotalSeconds / without.TotalSeconds, 3),
                ["plain_bar_rows_seconds"] = Math.Round(floor, 3),
                ["plain_bar_rows_vs_backtest_without"] = Math.Round(floor / without.TotalSeconds, 3),
                ["plain_market_bars_seconds"] = Math.Round(marketFloor, 3),
                ["plain_market_bars_vs_backtest_without"] = Math.Round(marketFloor / without.TotalSeconds, 3),
                ["file_bytes_per_bar"] = Math.Round(bytesPerBar, 1),
                ["market_bars_bytes_per_bar"] = Math.Round((double)barBytes / barCount, 1),
                ["equity_bytes_per_bar"] = Math.Round((double)equityBytes / barCount, 1),
                ["processor_count"] = Environment.ProcessorCount,
                // What bounds the ratios on a machine whose backtest keeps every processor busy: the writer's own CPU
                // over the run, which it can only take from the backtest (said to be missing where a thread's CPU cannot be read).
                ["recorder_writer_cpu_seconds"] = BenchmarkOutput.Rounded(with.WriterCpuSeconds),
                ["recorder_writer_cpu_vs_backtest_without"] = BenchmarkOutput.Rounded(with.WriterCpuSeconds / without.TotalSeconds),
                ["recorder_writer_cpu_no_bars_seconds"] = BenchmarkOutput.Rounded(withoutBars.WriterCpuSeconds),
                ["recorder_writer_cpu_no_bars_vs_backtest_without"] = BenchmarkOutput.Rounded(withoutBars.WriterCpuSeconds / without.TotalSeconds),
                ["writer_order_events"] = perEvent.OrderEvents,
                ["writer_fills"] = perEvent.Fills,
                ["writer_cpu_per_order_event_us"] = BenchmarkOutput.Rounded(perEvent.MicrosecondsPerOrderEvent),
                ["writer_cpu_per_fill_us"] = BenchmarkOutput.Rounded(perEvent.MicrosecondsPerFill),
                // What that CPU alone costs the backtest here, used by a thread that does nothing else: a bound no writer
                // using as much of the processor can beat on this machine (CpuNeighbour). What it burned is said beside it.
                ["backtest_beside_writer_cpu_seconds"] = BenchmarkOutput.Rounded(beside?.TotalSeconds),
                ["backtest_beside_writer_cpu_vs_without"] = BenchmarkOutput.Rounded(beside?.TotalSeconds / without.TotalSeconds),
                ["cpu_neighbour_burned_seconds"] = BenchmarkOutput.Rounded(beside?.NeighbourCpuSeconds),
                ["backtest_beside_writer_cpu_no_bars_seconds"] = BenchmarkOutput.Rounded(besideNoBars?.TotalSeconds),
                ["backtest_beside_writer_cpu_no_bars_vs_without"] = BenchmarkOutput.Rounded(besideNoBars?.TotalSeconds / without.TotalSeconds),
                ["cpu_neighbour_no_bars_burned_seconds"] = BenchmarkOutput.Rounded(besideNoBars?.NeighbourCpuSeconds),
            };
            foreach (var (key, seconds) in phases)
            {
                result[key] = seconds;
            }

            return BenchmarkOutput.Report(result, jsonPath);
        });
    }

    private static double[] Rounds(List<BacktestTimes> rounds, Func<BacktestTimes, double> figure) =>
        rounds.Select(t => Math.Round(figure(t), 3)).ToArray();

    // Of an even count, the mean of the middle two.
    private static double Median(List<BacktestTimes> rounds, Func<BacktestTimes, double> figure)
    {
        var sorted = rounds.Select(figure).Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void Keep(Dictionary<Kind, BacktestTimes> best, Kind kind, BacktestTimes times)
    {
        if (!best.TryGetValue(kind, out var before) || times.TotalSeconds < before.TotalSeconds)
        {
            best[kind] = times;
        }
    }

    private enum Kind
    {
        Without, With, WithoutBars, WithGivenBars, Beside, BesideNoBars,
    }

    private static string Describe(Kind kind) => kind switch
    {
        Kind.Without => "without the recorder",
        Kind.With => "with the recorder",
        Kind.WithGivenBars => "with the recorder on the strategy's own bars",
        _ => "with the recorder, no bars",
    };

    // The bytes a table's rows take: copied alone into an empty file of the same definition, the pages it grew by.
    private static long TableBytes(string path, string table)
    {
        var copy = path + "." + table + ".db";
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false, ForeignKeys = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"ATTACH DATABASE '{path.Replace("'", "''", StringComparison.Ordinal)}' AS source;";
        command.ExecuteNonQuery();
        var create = BenchmarkOutput.Scalar(connection, $"SELECT sql FROM source.sqlite_master WHERE name = '{table}'")!;
        command.CommandText = create + ";";
        command.ExecuteNonQuery();
        var empty = long.Parse(BenchmarkOutput.Scalar(connection, "PRAGMA main.page_count")!, CultureInfo.InvariantCulture);
        command.CommandText = $"INSERT INTO main.{table} SELECT * FROM source.{table};";
        command.ExecuteNonQuery();
        var pages = long.Parse(BenchmarkOutput.Scalar(connection, "PRAGMA main.page_count")!, CultureInfo.InvariantCulture) - empty;
        return pages * long.Parse(BenchmarkOutput.Scalar(connection, "PRAGMA main.page_size")!, CultureInfo.InvariantCulture);
    }

    // The recorder's run is in its file: every order the strategy sent, and the bars.
    private static void Check(string path, BacktestTimes times, bool expectBars)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        var orders = int.Parse(BenchmarkOutput.Scalar(connection, $"SELECT count(DISTINCT order_id) FROM orders WHERE run_id = '{times.RunId}'")!, CultureInfo.InvariantCulture);
        var bars = BenchmarkOutput.Scalar(connection, "SELECT count(*) FROM market_bars");
        if (orders != times.Orders)
        {
            throw new InvalidOperationException($"the recorder's file holds {orders} orders of the {times.Orders} the strategy sent");
        }

        if ((bars != "0") != expectBars)
        {
            throw new InvalidOperationException($"the recorder's file holds {bars} bars; the run {(expectBars ? "recorded" : "did not record")} bars");
        }

        Console.Error.WriteLine($"  recorded {orders:N0} orders and {bars} bars");
    }
}
