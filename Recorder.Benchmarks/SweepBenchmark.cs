using System.Globalization;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// An optimisation sweep (issue 24): N passes of one strategy over the same one-minute ES bars, each with other
/// parameters (so other fills), recorded through RecorderSession as the plugin records, into one file; then every
/// run analysed through RunAnalysisStore (what `recorder analyze --all` does). The unshared layout is measured in the
/// same run by the first pass alone: it stores its bars as every pass did before schema 9, so N times the file's
/// growth over that pass is what the file would take unshared.
/// </summary>
internal static class SweepBenchmark
{
    // The issue's measurement of the same sweep before bars were stored once (100 passes × 20,000 bars).
    private const double IssueMbAfterRecord = 948;
    private const double IssueMbAfterAnalysis = 1260;

    private static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    // Warm first passes (each into an empty file), and later passes recorded after the last of them, into its file.
    private const int WarmFirstSamples = 3;
    private const int WarmLaterPasses = 10;

    public static int Run(int passes, int bars, int fills, string? jsonPath, string? directory) =>
        BenchmarkOutput.InFolder(directory, "recorder-sweep-", dir =>
        {
            var path = Path.Combine(dir, "sweep.db");
            var empty = Create(path);
            var prices = Prices(bars);
            var seconds = new List<double>();
            long afterFirst = 0;
            var runs = new List<string>();
            for (var pass = 0; pass < passes; pass++)
            {
                seconds.Add(BenchmarkOutput.Seconds(() => runs.Add(RecordPass(path, pass, prices, fills))));
                if (pass == 0)
                {
                    afterFirst = BenchmarkOutput.FileBytes(path);
                }

                Console.Error.WriteLine($"pass {pass + 1}/{passes}: {seconds[^1]:F2} s");
            }

            var afterRecord = BenchmarkOutput.FileBytes(path);
            var analysisSeconds = BenchmarkOutput.Seconds(() => runs.ForEach(runId => RunAnalysisStore.AnalyzeFile(path, runId)));
            var afterAnalysis = BenchmarkOutput.FileBytes(path);
            // The first pass above is also this process' first use of the writer (its code is compiled as it runs). The
            // same pass once more, into an empty file with the writer's code warm, is the first pass of a platform that
            // has recorded before: a later pass is compared with both. Then later passes into such a file, warm too. The
            // machine is shared: each warm figure is the median of its samples, so one stall does not decide the ratio.
            var warmFirsts = new List<double>();
            var warmPath = string.Empty;
            for (var sample = 0; sample < WarmFirstSamples; sample++)
            {
                warmPath = Path.Combine(dir, $"warm{sample}.db");
                Create(warmPath);
                warmFirsts.Add(BenchmarkOutput.Seconds(() => RecordPass(warmPath, 0, prices, fills)));
            }

            var warmLater = new List<double>();
            for (var pass = 1; pass <= Math.Min(WarmLaterPasses, passes - 1); pass++)
            {
                warmLater.Add(BenchmarkOutput.Seconds(() => RecordPass(warmPath, pass, prices, fills)));
            }

            // The bound a later pass's bars cannot beat: the same later passes without their bars — the run, its orders
            // and fills, the session's open and close — into the same file, warm too. What a later pass pays beyond it is
            // what its 20,000 bars cost: each compared with the one its market already holds.
            var warmLaterNoBars = new List<double>();
            for (var pass = 1; pass <= Math.Min(WarmLaterPasses, passes - 1); pass++)
            {
                warmLaterNoBars.Add(BenchmarkOutput.Seconds(() => RecordPass(warmPath, passes + pass, prices, fills, withBars: false)));
            }

            var warmFirst = Median(warmFirsts);
            var laterWarm = Median(warmLater);
            var laterWarmNoBars = Median(warmLaterNoBars);

            var firstPass = seconds[0];
            var later = seconds.Skip(1).DefaultIfEmpty(0).Average();
            var unshared = empty + (afterFirst - empty) * (double)passes;
            var result = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["passes"] = passes,
                ["bars_per_pass"] = bars,
                ["fills_per_pass"] = fills,
                ["file_mb_after_record"] = Mb(afterRecord),
                ["file_mb_after_analysis"] = Mb(afterAnalysis),
                ["seconds_first_pass"] = Math.Round(firstPass, 3),
                ["seconds_per_later_pass"] = Math.Round(later, 3),
                ["later_pass_vs_first"] = Math.Round(later / firstPass, 3),
                ["seconds_first_pass_warm"] = Math.Round(warmFirst, 3),
                ["later_pass_vs_warm_first"] = Math.Round(later / warmFirst, 3),
                ["seconds_per_later_pass_warm"] = Math.Round(laterWarm, 3),
                ["warm_later_pass_vs_warm_first"] = Math.Round(laterWarm / warmFirst, 3),
                ["seconds_per_later_pass_no_bars_warm"] = Math.Round(laterWarmNoBars, 3),
                ["warm_later_pass_no_bars_vs_warm_first"] = Math.Round(laterWarmNoBars / warmFirst, 3),
                ["seconds_analysis"] = Math.Round(analysisSeconds, 3),
                ["baseline_file_mb_unshared"] = Math.Round(unshared / 1e6, 1),
                ["smaller_than_unshared_after_record"] = Math.Round(unshared / afterRecord, 1),
                ["smaller_than_issue_948mb_after_record"] = Math.Round(IssueMbAfterRecord * 1e6 / afterRecord, 1),
                ["smaller_than_issue_1260mb_after_analysis"] = Math.Round(IssueMbAfterAnalysis * 1e6 / afterAnalysis, 1),
            };
            return BenchmarkOutput.Report(result, jsonPath);
        });

    private static long Create(string path)
    {
        using (var session = RecorderSession.Open(path))
        {
            session.Close(TimeSpan.FromSeconds(30));
        }

        return BenchmarkOutput.FileBytes(path);
    }

    private static double[] Prices(int bars)
    {
        var random = new Random(24);
        var prices = new double[bars];
        var price = 5000.0;
        for (var i = 0; i < bars; i++)
        {
            price = Math.Max(100, price + Math.Round((random.NextDouble() - 0.5) * 8) * 0.25);
            prices[i] = price;
        }

        return prices;
    }

    // One pass: its run, its bars (unless withBars is false: the same pass, its orders and fills at the same bars' times,
    // without the bars themselves) and its orders and fills.
    private static string RecordPass(string path, int pass, double[] prices, int fills, bool withBars = true)
    {
        var runId = Identities.NewRunId(TimeProvider.System);
        var parameters = new Dictionary<string, object?> { ["period"] = 20 + pass, ["offset"] = pass % 7 };
        var strategyId = Identities.StrategyId("Sweep", "1.0", "bench");
        var hash = Identities.ConfigHash(parameters, ["ES"], "1m", "SIM-1");
        var instanceId = Identities.InstanceId(strategyId, hash);
        var seriesId = Identities.SeriesId(runId, "ES", "1m");
        const RunSource source = RunSource.Backtest;
        using var session = RecorderSession.Open(path);
        session.Record(new StrategyDefined { RunId = runId, EventUtc = Start, Source = source, StrategyId = strategyId, Name = "Sweep", Version = "1.0", Vendor = "bench" });
        session.Record(new InstanceDefined
        {
            RunId = runId, EventUtc = Start, Source = source, InstanceId = instanceId, StrategyId = strategyId,
            ParametersJson = CanonicalJson.Parameters(parameters), Symbol = "ES", Timeframe = "1m", AccountId = "SIM-1", ConfigHash = hash,
        });
        session.Record(new RunStarted { RunId = runId, EventUtc = Start, Source = source, InstanceId = instanceId, InitialBalance = 100_000 });
        session.Record(new InstrumentDefined { RunId = runId, EventUtc = Start, Source = source, Symbol = "ES", TickSize = 0.25, TickValue = 12.5, PointValue = 50, Currency = "USD" });
        session.Record(new SeriesDefined { RunId = runId, EventUtc = Start, Source = source, SeriesId = seriesId, Symbol = "ES", Timeframe = "1m", HasVolumetric = true });

        // Each pass trades at its own bars: every `spacing` bars from its own offset, alternating buy and sell.
        var spacing = Math.Max(2, prices.Length / Math.Max(1, fills));
        var first = (pass * 7) % spacing;
        var trade = 0;
        for (var i = 0; i < prices.Length; i++)
        {
            var time = Start.AddMinutes(i);
            var p = prices[i];
            if (withBars)
            {
                session.Record(new BarRecorded
                {
                    RunId = runId, EventUtc = time.AddMinutes(1), Source = source, SeriesId = seriesId, OpenUtc = time,
                    Open = p, High = p + 0.75, Low = p - 0.5, Close = p + 0.25, Volume = 100 + (i % 50),
                    VolumetricJson = "{\"delta\":" + ((i % 21) - 10).ToString(CultureInfo.InvariantCulture) + ",\"trades\":" + (30 + (i % 9)).ToString(CultureInfo.InvariantCulture) + "}",
                });
            }

            if (i % spacing == first && trade < fills)
            {
                var side = trade % 2 == 0 ? Side.Buy : Side.Sell;
                var orderId = "O-" + trade.ToString(CultureInfo.InvariantCulture);
                var at = time.AddMinutes(1);
                session.Record(new OrderSnapshot { RunId = runId, EventUtc = at, Source = source, OrderId = orderId, Symbol = "ES", AccountId = "SIM-1", Side = side, OrderType = "MARKET", Quantity = 1, Status = "OPENED" });
                session.Record(new ExecutionRecorded { RunId = runId, EventUtc = at, Source = source, ExecutionId = orderId + "-X", OrderId = orderId, Symbol = "ES", AccountId = "SIM-1", Side = side, Price = p + 0.25, Quantity = 1, Fee = 1.25 });
                session.Record(new OrderSnapshot { RunId = runId, EventUtc = at, Source = source, OrderId = orderId, Symbol = "ES", AccountId = "SIM-1", Side = side, OrderType = "MARKET", Quantity = 1, Status = "FILLED", FilledQuantity = 1 });
                trade++;
            }
        }

        session.Record(new RunEnded { RunId = runId, EventUtc = Start.AddMinutes(prices.Length + 1), Source = source, Status = RunStatus.Completed });
        var closed = session.Close(TimeSpan.FromMinutes(10));
        var counters = session.Counters;
        if (counters.Quarantined != 0)
        {
            throw new InvalidOperationException($"pass {pass} quarantined events: {closed} {counters}");
        }

        return runId;
    }

    private static double Median(List<double> samples)
    {
        if (samples.Count == 0)
        {
            return 0;
        }

        var sorted = samples.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double Mb(long bytes) => Math.Round(bytes / 1e6, 1);
}
