using System.Globalization;
using QuantowerRecorder.Analytics.WhatIf;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// The what-if benchmark: a 10 × 10 grid (<see cref="WhatIfView.Of"/>, its own reading of the run included) over a run
/// of N round trips and B one-minute bars, against reading those bars through the read API
/// (<see cref="IPerformanceReader.AnalysisBars"/>), same file, same process, taking turns; each its best round.
/// <c>whatif_vs_read</c> aims at ≤ 3.
/// </summary>
internal static class WhatIfBenchmark
{
    public static int Run(int trades, long bars, int rounds, string? jsonPath, string? directory)
    {
        return BenchmarkOutput.InFolder(directory, "qr-whatif-", dir =>
        {
            var path = Path.Combine(dir, "whatif.db");
            Console.Error.WriteLine($"writing {trades:N0} round trips over {bars:N0} bars…");
            var runId = Fill(path, trades, bars);
            var steps = Enumerable.Range(1, 10).Select(k => (ExitLevel?)new ExitLevel(k * 2, ExitUnit.Points)).ToList();
            var grid = new WhatIfGrid(steps, steps);
            double read = double.MaxValue, whatIf = double.MaxValue;
            WhatIfRecord? record = null;
            for (var round = 0; round < Math.Max(1, rounds); round++)
            {
                Console.Error.WriteLine($"round {round + 1}: read bars, what-if…");
                using var reader = RecorderStore.OpenRead(path);
                var count = 0;
                read = Math.Min(read, BenchmarkOutput.Seconds(() => count = reader.Performance.AnalysisBars(runId).Sum(s => s.Bars.Count)));
                if (count != bars)
                {
                    throw new InvalidOperationException($"read {count} bars of {bars}");
                }

                whatIf = Math.Min(whatIf, BenchmarkOutput.Seconds(() => record = WhatIfView.Of(reader, runId, grid)));
            }

            var result = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["trades"] = record!.Entries,
                ["bars"] = bars,
                ["cells"] = record.Cells.Count,
                ["rounds"] = rounds,
                ["whatif_seconds"] = Math.Round(whatIf, 3),
                ["read_seconds"] = Math.Round(read, 3),
                ["whatif_vs_read"] = Math.Round(whatIf / read, 2),
                ["pbo"] = Math.Round(record.Luck.Pbo ?? double.NaN, 4),
                ["processor_count"] = Environment.ProcessorCount,
            };
            return BenchmarkOutput.Report(result, jsonPath);
        });
    }

    /// <summary>
    /// A run written directly: one-minute ES bars of a random walk, and round trips of one contract, each entered at a
    /// bar's close by a market order and exited 30 bars later, spread evenly over the bars.
    /// </summary>
    private static string Fill(string path, int trades, long bars)
    {
        var runId = Identities.NewRunId(TimeProvider.System);
        var run = new SyntheticRun(runId, Storage.Records.RunSource.Backtest, "WhatIfBench");
        using var connection = DatabaseFile.OpenForWriting(path, TimeProvider.System);
        run.InsertDefinitions(connection, "COMPLETED", initialBalance: 1_000_000);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        using var tx = connection.BeginTransaction();
        using var bar = BenchmarkOutput.Command(connection, SyntheticRun.InsertBar, 7, tx);
        using var order = BenchmarkOutput.Command(connection, "INSERT INTO orders(run_id, order_id, symbol, account_id, side, order_type, quantity, status, submit_utc, update_utc) VALUES ($1,$2,'ES','SIM',$3,'MARKET',1,'FILLED',$4,$4)", 4, tx);
        using var exec = BenchmarkOutput.Command(connection, "INSERT INTO executions(run_id, execution_id, order_id, exec_utc, price, quantity, fee, symbol, account_id, side) VALUES ($1,$2,$3,$4,$5,1,2.0,'ES','SIM',$6)", 6, tx);
        var random = new Random(38);
        var price = 5000.0;
        var closes = new double[bars];
        for (long i = 0; i < bars; i++)
        {
            var open = price;
            price += Math.Round((random.NextDouble() - 0.5) * 4) * 0.25;
            closes[i] = price;
            BenchmarkOutput.Run(bar, run.SeriesId, Timestamps.Format(start.AddMinutes(i)), open, Math.Max(open, price) + 0.5, Math.Min(open, price) - 0.5, price, 100.0);
        }

        var every = bars / trades;
        for (var t = 0; t < trades; t++)
        {
            var entryBar = t * every;
            var exitBar = Math.Min(bars - 1, entryBar + 30);
            var buy = t % 2 == 0;
            foreach (var (leg, at, side) in new[] { ("E", entryBar, buy ? "BUY" : "SELL"), ("X", exitBar, buy ? "SELL" : "BUY") })
            {
                var id = leg + t.ToString(CultureInfo.InvariantCulture);
                // Fills 59 seconds into the bar, at its close.
                var time = Timestamps.Format(start.AddMinutes(at).AddSeconds(59));
                BenchmarkOutput.Run(order, runId, id, side, time);
                BenchmarkOutput.Run(exec, runId, "X" + id, id, time, closes[at], side);
            }
        }

        tx.Commit();
        return runId;
    }
}
