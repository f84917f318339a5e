using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// The optimisation benchmark: the backtest benchmark's crossover over the same one-minute bars, pass after pass, each
/// pass other periods (an optimiser's grid), as the platform's optimiser plays them — one strategy stopped, the next
/// started — without the recorder, and with its one line writing every pass into one file. A pass does not wait for
/// its run's close (the platform goes on to the next pass when the strategy has stopped); the "with" time ends when
/// the last run is in the file, analysed and closed. The two take turns over the rounds; each keeps its best round.
/// </summary>
internal static class OptimisationBenchmark
{
    private const int Seed = 35;

    public static int Run(int passes, int barCount, int rounds, string? jsonPath, string? directory)
    {
        if (passes < 1 || barCount < 100)
        {
            Console.Error.WriteLine("--passes must be at least 1 and --bars at least 100");
            return 2;
        }

        return BenchmarkOutput.InFolder(directory, "qr-optimisation-", dir =>
        {
            var bars = BacktestBars.Generate(barCount, Seed);
            var grid = Grid(passes);

            // Untimed: the platform's, the strategy's and the recorder's code compiled and recompiled hot, each way.
            var warmUp = BacktestBars.Generate(Math.Min(barCount, 5_000), Seed);
            Optimise(warmUp, grid.Take(5).ToList(), null);
            Optimise(warmUp, grid.Take(5).ToList(), Path.Combine(dir, "warm-up.db"));

            double? without = null, with = null;
            var orders = new List<int>();
            for (var round = 0; round < Math.Max(1, rounds); round++)
            {
                foreach (var recording in round % 2 == 0 ? new[] { false, true } : [true, false])
                {
                    var path = recording ? Path.Combine(dir, "optimisation-" + round.ToString(CultureInfo.InvariantCulture) + ".db") : null;
                    Console.Error.WriteLine($"round {round + 1}: {passes} passes × {barCount:N0} bars {(recording ? "with" : "without")} the recorder…");
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    GC.Collect();
                    var (seconds, sent) = Optimise(bars, grid, path);
                    if (path is not null)
                    {
                        Check(path, sent);
                        with = Math.Min(with ?? double.MaxValue, seconds);
                    }
                    else
                    {
                        without = Math.Min(without ?? double.MaxValue, seconds);
                    }

                    if (orders.Count == 0)
                    {
                        orders.AddRange(sent);
                    }
                    else if (!orders.SequenceEqual(sent))
                    {
                        // The strategy decides from the bars alone: every round must send the same orders, pass by pass.
                        throw new InvalidOperationException("the passes sent other orders with the recorder than without it");
                    }
                }
            }

            var result = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["optimisation_passes"] = passes,
                ["optimisation_bars_per_pass"] = barCount,
                ["optimisation_orders"] = orders.Sum(),
                ["rounds"] = rounds,
                ["optimisation_without_seconds"] = Math.Round(without!.Value, 3),
                ["optimisation_with_seconds"] = Math.Round(with!.Value, 3),
                ["optimisation_with_recorder_vs_without"] = Math.Round(with.Value / without.Value, 3),
                ["processor_count"] = Environment.ProcessorCount,
            };
            return BenchmarkOutput.Report(result, jsonPath);
        });
    }

    // An optimiser's grid: fast periods 5…14 against slow periods 20, 30, 40, …, as many passes as asked.
    private static List<(int Fast, int Slow)> Grid(int passes) =>
        Enumerable.Range(0, passes).Select(i => (5 + (i % 10), 20 + (10 * (i / 10)))).ToList();

    // Every pass one after the other; with a file, the wait for the last close is part of the time.
    private static (double Seconds, List<int> Orders) Optimise(BacktestBars bars, List<(int Fast, int Slow)> grid, string? path)
    {
        var started = Stopwatch.GetTimestamp();
        var closes = new List<Task>();
        var orders = new List<int>();
        foreach (var periods in grid)
        {
            var (times, closed) = BacktestPlay.Play(bars, path, recordBars: true, periods, waitClosed: false);
            orders.Add(times.Orders);
            closes.Add(closed);
        }

        Task.WaitAll([.. closes]);
        return (Stopwatch.GetElapsedTime(started).TotalSeconds, orders);
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
