using System.Globalization;
using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// The backtest benchmark: the same crossover strategy over the same one-minute bars through the stand-in's backtest,
/// without the recorder and with its one line (<see cref="BacktestPlay"/>), taking turns over the rounds (the order
/// alternates), each its best round. The "with" time includes the wait until the run is in the file, closed.
/// <c>backtest_with_recorder_vs_without</c> aims at ≤ 1.10.
/// </summary>
internal static class BacktestBenchmark
{
    private const int Seed = 35;

    public static int Run(int barCount, int rounds, string? jsonPath, string? directory)
    {
        if (barCount < 100)
        {
            Console.Error.WriteLine("--bars must be at least 100");
            return 2;
        }

        return BenchmarkOutput.InFolder(directory, "qr-backtest-", dir =>
        {
            // Untimed: loads and compiles the platform's, the strategy's and the recorder's code paths.
            var warmUp = BacktestBars.Generate(2_000, Seed);
            BacktestPlay.Play(warmUp, null);
            BacktestPlay.Play(warmUp, Path.Combine(dir, "warm-up.db"));

            var bars = BacktestBars.Generate(barCount, Seed);
            BacktestTimes? without = null, with = null;
            for (var round = 0; round < Math.Max(1, rounds); round++)
            {
                var path = Path.Combine(dir, "with-" + round.ToString(CultureInfo.InvariantCulture) + ".db");
                foreach (var recording in round % 2 == 0 ? new[] { false, true } : [true, false])
                {
                    Console.Error.WriteLine($"round {round + 1}: {barCount:N0} bars {(recording ? "with" : "without")} the recorder…");
                    var times = BacktestPlay.Play(bars, recording ? path : null);
                    if (recording)
                    {
                        Check(path, times);
                        with = Best(with, times);
                    }
                    else
                    {
                        without = Best(without, times);
                    }
                }
            }

            // The strategy decides from the bars alone: both runs must have sent the same orders.
            if (with!.Orders != without!.Orders)
            {
                throw new InvalidOperationException($"the run with the recorder sent {with.Orders} orders, without it {without.Orders}");
            }

            var result = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["backtest_bars"] = barCount,
                ["backtest_orders"] = with.Orders,
                ["rounds"] = rounds,
                ["backtest_without_seconds"] = Math.Round(without.TotalSeconds, 3),
                ["backtest_with_seconds"] = Math.Round(with.TotalSeconds, 3),
                ["backtest_with_recorder_vs_without"] = Math.Round(with.TotalSeconds / without.TotalSeconds, 3),
                ["recorder_on_strategy_thread_seconds"] = Math.Round(with.RunSeconds - without.RunSeconds, 3),
                ["recorder_order_handlers_seconds"] = Math.Round(with.OrderHandlerSeconds, 3),
                ["recorder_close_seconds"] = Math.Round(with.CloseSeconds, 3),
                ["processor_count"] = Environment.ProcessorCount,
            };
            return BenchmarkOutput.Report(result, jsonPath);
        });
    }

    private static BacktestTimes Best(BacktestTimes? best, BacktestTimes times) =>
        best is null || times.TotalSeconds < best.TotalSeconds ? times : best;

    // The recorder's run is in its file: every order the strategy sent, and the bars.
    private static void Check(string path, BacktestTimes times)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        var orders = int.Parse(BenchmarkOutput.Scalar(connection, $"SELECT count(DISTINCT order_id) FROM orders WHERE run_id = '{times.RunId}'")!, CultureInfo.InvariantCulture);
        var bars = BenchmarkOutput.Scalar(connection, "SELECT count(*) FROM bar_data");
        if (orders != times.Orders)
        {
            throw new InvalidOperationException($"the recorder's file holds {orders} orders of the {times.Orders} the strategy sent");
        }

        Console.Error.WriteLine($"  recorded {orders:N0} orders and {bars} bars");
    }
}
