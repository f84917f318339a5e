using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Stats;
using QuantowerRecorder.Analytics.Validation;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Benchmarks;

/// <summary>
/// The analysis was made faster (typed reads, statements bound by position, a branch-free sign flip): it must store
/// exactly what the slower code stored. Each test runs both on copies of the same file, or on the same numbers.
/// </summary>
[TestFixture]
public sealed class FasterAnalysisTests
{
    private static readonly TestClock Clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    private static readonly string[] Tables = ["run_trades", "run_equity", "run_order_quality", "run_metrics_kv", "run_order_shortfall", "run_trade_context"];

    [Test]
    public void A_mixed_run_stores_the_same_rows_as_the_reference_analysis()
    {
        using var fast = new TempDatabase();
        using var reference = new TempDatabase();
        var s = new Scenario(source: RunSource.Backtest);
        Recorded.Write(fast.Path, MixedRun(s));
        Recorded.Write(reference.Path, MixedRun(s));

        RunAnalysisStore.AnalyzeFile(fast.Path, s.RunId, time: Clock);
        using (var connection = DatabaseFile.OpenForWriting(reference.Path, Clock))
        {
            ReferenceAnalysis.Analyze(connection, s.RunId, Clock);
        }

        // The run has what each part of the loader and store reads: trades closed by a target and by a moved stop,
        // an open position, a symbol without bars, OCO links, fills without a side, a stop's first price in the log.
        Assert.That(Dump(fast.Path, "run_trades"), Has.Count.EqualTo(4), "three round trips and one open position");
        Assert.That(Dump(fast.Path, "run_trades").Any(r => r.Contains("exit_reason=SL:String", StringComparison.Ordinal)), Is.True);
        foreach (var table in Tables)
        {
            Assert.That(Dump(fast.Path, table), Is.EqualTo(Dump(reference.Path, table)), table);
        }

        Assert.That(Db.Scalar<string>(fast.Path, "SELECT metrics_json FROM strategy_runs"),
            Is.EqualTo(Db.Scalar<string>(reference.Path, "SELECT metrics_json FROM strategy_runs")));
    }

    [Test]
    public void The_sign_flip_test_gives_the_same_p_value_as_the_branching_reference()
    {
        var random = new Random(11);
        foreach (var n in new[] { 2, 63, 64, 65, 1000, 4097 })
        {
            var pnl = Enumerable.Range(0, n).Select(_ => Math.Round((random.NextDouble() - 0.45) * 200, 2)).ToArray();
            pnl[0] = 0.0; // a zero trade: its sign flip is -0.0 in both
            var fast = SignFlipTest.PValue(pnl, 500, new Xoshiro256(20_240_601));
            var slow = ReferencePValue(pnl, 500, new Xoshiro256(20_240_601));
            Assert.That(BitConverter.DoubleToInt64Bits(fast), Is.EqualTo(BitConverter.DoubleToInt64Bits(slow)), $"{n} trades");
            Assert.That(fast, Is.GreaterThan(0).And.LessThanOrEqualTo(1));
        }
    }

    [Test]
    public void The_sign_flip_tests_samples_summed_four_side_by_side_give_each_samples_own_sum_and_leave_the_generator_where_one_by_one_does()
    {
        var random = new Random(13);
        // Sums that sit on the observed one (whole numbers, few trades), trades whose flips round differently in another
        // order (a large and many tiny values), a NaN, and sample counts that leave one to three samples over.
        var runs = new (string Name, double[] Pnl)[]
        {
            ("few whole trades", [3, -1, 2, -2, 1, 0, -0.0]),
            ("rounding in order", [1e16, .. Enumerable.Range(0, 130).Select(i => 0.7 + (i % 3))]),
            ("a NaN", [1, double.NaN, -2, 5]),
            ("4,097 trades", Enumerable.Range(0, 4097).Select(_ => Math.Round((random.NextDouble() - 0.47) * 300, 2)).ToArray()),
        };
        foreach (var (name, pnl) in runs)
        {
            foreach (var samples in new[] { 1, 3, 4, 7, 101, 500 })
            {
                var (four, one, reference) = (new Xoshiro256(20_261_129), new Xoshiro256(20_261_129), new Xoshiro256(20_261_129));
                var p = ReferencePValue(pnl, samples, reference);
                Assert.That(BitConverter.DoubleToInt64Bits(SignFlipTest.PValue(pnl, samples, four, lanes: true)), Is.EqualTo(BitConverter.DoubleToInt64Bits(p)), $"{name}, {samples} samples, four at once");
                Assert.That(BitConverter.DoubleToInt64Bits(SignFlipTest.PValue(pnl, samples, one, lanes: false)), Is.EqualTo(BitConverter.DoubleToInt64Bits(p)), $"{name}, {samples} samples, one by one");
                var next = reference.NextUInt64();
                Assert.That((four.NextUInt64(), one.NextUInt64()), Is.EqualTo((next, next)), $"{name}, {samples} samples: the generator moved on as far as the draws took it");
            }
        }
    }

    [Test]
    public void The_monte_carlo_statistics_drawn_on_a_local_copy_of_the_generator_are_those_drawn_from_it_and_leave_it_where_they_would()
    {
        var random = new Random(12);
        foreach (var n in new[] { 2, 3, 64, 1000, 3885 })
        {
            var pnl = Enumerable.Range(0, n).Select(_ => Math.Round((random.NextDouble() - 0.48) * 300, 2)).ToArray();
            // One sample, two, and more: a sample's scan runs beside the next one's shuffle, and the last has none after it.
            foreach (var samples in new[] { 1, 2, 3, 300 })
            {
                var (fastRandom, slowRandom) = (new Xoshiro256(20_261_127), new Xoshiro256(20_261_127));
                Assert.That(Bits(MonteCarlo.MaxDrawdown(pnl, 10_000, samples, fastRandom)), Is.EqualTo(Bits(ReferenceMaxDrawdown(pnl, 10_000, samples, slowRandom))), $"{n} trades, {samples} samples");
                Assert.That(Bits(MonteCarlo.FinalEquity(pnl, 10_000, samples, fastRandom)), Is.EqualTo(Bits(ReferenceFinalEquity(pnl, 10_000, samples, slowRandom))), $"{n} trades, {samples} samples");
                Assert.That(fastRandom.NextUInt64(), Is.EqualTo(slowRandom.NextUInt64()), "the generator moved on as far as the draws took it");
            }
        }
    }

    [Test]
    public void The_max_drawdowns_scanned_four_side_by_side_are_each_samples_own_and_leave_the_generator_where_one_by_one_does()
    {
        var random = new Random(14);
        // Drops that tie the running peak and zeros of both signs (whole numbers, few trades), a fall whose size rounds
        // differently in another order (a large value among many small), one and two trades, and sample counts that
        // leave a last group of one to three.
        var runs = new (string Name, double Start, double[] Pnl)[]
        {
            ("few whole trades", 0.0, [3, -3, 2, -2, 1, 0, -0.0, -1]),
            ("a negative-zero start", -0.0, [0.0, -0.0, 1.5, -1.5, -0.0, 0.0, -2.25]),
            ("rounding in order", 10_000, [1e16, -1e16, .. Enumerable.Range(0, 130).Select(i => 0.7 - (i % 3))]),
            ("one trade", 5, [-4]),
            ("two trades", 5, [-4, 6]),
            ("3,885 trades", 10_000, Enumerable.Range(0, 3885).Select(_ => Math.Round((random.NextDouble() - 0.48) * 300, 2)).ToArray()),
        };
        foreach (var (name, start, pnl) in runs)
        {
            foreach (var samples in new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 301 })
            {
                var (four, one, reference) = (new Xoshiro256(20_261_130), new Xoshiro256(20_261_130), new Xoshiro256(20_261_130));
                var expected = ReferenceMaxDrawdowns(pnl, start, samples, reference);
                Assert.That(MonteCarlo.MaxDrawdowns(pnl, start, samples, four, lanes: true).Select(BitConverter.DoubleToInt64Bits),
                    Is.EqualTo(expected.Select(BitConverter.DoubleToInt64Bits)), $"{name}, {samples} samples, four at once");
                Assert.That(MonteCarlo.MaxDrawdowns(pnl, start, samples, one, lanes: false).Select(BitConverter.DoubleToInt64Bits),
                    Is.EqualTo(expected.Select(BitConverter.DoubleToInt64Bits)), $"{name}, {samples} samples, one by one");
                var next = reference.NextUInt64();
                Assert.That((four.NextUInt64(), one.NextUInt64()), Is.EqualTo((next, next)), $"{name}, {samples} samples: the generator moved on as far as the draws took it");
            }
        }
    }

    [Test]
    public void The_bootstrap_sums_added_four_side_by_side_are_each_samples_own_and_leave_the_generator_where_one_by_one_does()
    {
        var random = new Random(15);
        // Blocks that wrap past the last trade, a last block cut short (7 and 131 trades by blocks of 2 and 5), one
        // trade, sums that round differently in another order, a NaN, and sample counts that leave one to three over.
        var runs = new (string Name, double[] Pnl)[]
        {
            ("one trade", [4]),
            ("few whole trades", [3, -1, 2, -2, 1, 0, -0.0]),
            ("rounding in order", [1e16, .. Enumerable.Range(0, 130).Select(i => 0.7 + (i % 3))]),
            ("a NaN", [1, double.NaN, -2, 5, 7, -3, 2, 2]),
            ("3,885 trades", Enumerable.Range(0, 3885).Select(_ => Math.Round((random.NextDouble() - 0.47) * 300, 2)).ToArray()),
        };
        foreach (var (name, pnl) in runs)
        {
            var blockLength = BlockBootstrap.BlockLength(pnl.Length);
            foreach (var samples in new[] { 1, 3, 4, 5, 6, 7, 8, 301 })
            {
                var (four, one, reference) = (new Xoshiro256(20_261_131), new Xoshiro256(20_261_131), new Xoshiro256(20_261_131));
                var expected = ReferenceBootstrapTotals(pnl, samples, blockLength, reference).Select(BitConverter.DoubleToInt64Bits);
                Assert.That(BlockBootstrap.Totals(pnl, samples, blockLength, four, lanes: true).Select(BitConverter.DoubleToInt64Bits),
                    Is.EqualTo(expected), $"{name}, {samples} samples, four at once");
                Assert.That(BlockBootstrap.Totals(pnl, samples, blockLength, one, lanes: false).Select(BitConverter.DoubleToInt64Bits),
                    Is.EqualTo(expected), $"{name}, {samples} samples, one by one");
                var next = reference.NextUInt64();
                Assert.That((four.NextUInt64(), one.NextUInt64()), Is.EqualTo((next, next)), $"{name}, {samples} samples: the generator moved on as far as the draws took it");
            }
        }
    }

    [Test]
    public void The_max_drawdown_scan_without_math_max_gives_math_max_bits_for_zeros_signed_zeros_nans_and_sums_that_overflow()
    {
        var cases = new (string Name, double Start, double[] Pnl)[]
        {
            ("flat at zero", 0.0, [0.0, -0.0, 0.0, -0.0, 0.0]),
            ("a negative-zero start", -0.0, [0.0, -0.0, 1.5, -1.5, -0.0, 0.0, -2.25]),
            ("whole trades", 10_000, [250, -125.5, 0.0, -0.0, 80, -400, 12.25, -0.0, 300]),
            ("a NaN trade", 10_000, [250, double.NaN, -125.5, 80]),
            ("an infinite trade", 0.0, [1, double.PositiveInfinity, -3, 2]),
            ("sums past double's range", 0.0, [double.MaxValue, double.MaxValue, -double.MaxValue, -double.MaxValue, 5]),
            ("a NaN start", double.NaN, [1, -2, 3]),
        };
        foreach (var (name, start, pnl) in cases)
        {
            var (fast, slow) = (new Xoshiro256(20_261_128), new Xoshiro256(20_261_128));
            Assert.That(Bits(MonteCarlo.MaxDrawdown(pnl, start, 200, fast)), Is.EqualTo(Bits(ReferenceMaxDrawdown(pnl, start, 200, slow))), name);
        }
    }

    [Test]
    public void Stored_timestamps_parse_as_the_general_parser_reads_them_and_anything_else_still_goes_to_it()
    {
        var general = (string text) => DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
        foreach (var text in new[]
                 {
                     "2026-01-01T00:00:00.0000000Z", "2024-02-29T23:59:59.9999999Z", "0001-01-01T00:00:00.0000001Z",
                     "9999-12-31T23:59:59.9999999Z", "2026-07-15T13:07:42.1234567Z",
                     "2026-07-15T13:07:42Z", "2026-07-15T13:07:42.123+02:00", "2026-07-15 13:07:42", // not the stored form
                 })
        {
            var parsed = Timestamps.Parse(text);
            Assert.That(parsed, Is.EqualTo(general(text)), text);
            Assert.That(parsed.Kind, Is.EqualTo(DateTimeKind.Utc), text);
        }

        // Impossible dates in the stored shape are refused as before, by the general parser.
        foreach (var text in new[] { "2026-13-01T00:00:00.0000000Z", "2025-02-29T00:00:00.0000000Z", "2026-01-01T24:00:00.0000000Z" })
        {
            Assert.That(() => Timestamps.Parse(text), Throws.TypeOf<FormatException>(), text);
        }
    }

    // The test as it was written first: a branch on each random bit.
    private static double ReferencePValue(double[] pnl, int samples, Xoshiro256 random)
    {
        var observed = pnl.Sum();
        var atLeast = 0;
        for (var b = 0; b < samples; b++)
        {
            var sum = 0.0;
            ulong bits = 0;
            for (var i = 0; i < pnl.Length; i++)
            {
                if ((i & 63) == 0)
                {
                    bits = random.NextUInt64();
                }

                sum += (bits & 1) == 1 ? pnl[i] : -pnl[i];
                bits >>= 1;
            }

            atLeast += sum >= observed ? 1 : 0;
        }

        return (1.0 + atLeast) / (samples + 1.0);
    }

    private static long[] Bits((double P5, double P50, double P95) p) =>
        [BitConverter.DoubleToInt64Bits(p.P5), BitConverter.DoubleToInt64Bits(p.P50), BitConverter.DoubleToInt64Bits(p.P95)];

    // The Monte Carlo statistics as they were written first, drawing from the generator object itself.
    private static (double, double, double) ReferenceMaxDrawdown(double[] pnl, double start, int samples, Xoshiro256 random) =>
        Percentiles(ReferenceMaxDrawdowns(pnl, start, samples, random));

    private static double[] ReferenceMaxDrawdowns(double[] pnl, double start, int samples, Xoshiro256 random)
    {
        var order = (double[])pnl.Clone();
        var drawdowns = new double[samples];
        for (var b = 0; b < samples; b++)
        {
            for (var i = order.Length - 1; i > 0; i--)
            {
                var j = random.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }

            double equity = start, peak = start, worst = 0;
            foreach (var x in order)
            {
                equity += x;
                peak = Math.Max(peak, equity);
                worst = Math.Max(worst, peak - equity);
            }

            drawdowns[b] = worst;
        }

        return drawdowns;
    }

    // docs/metrics.md: blocks of consecutive trades, wrapping at the end, from uniform random starts, until the sample has
    // as many trades as the run.
    private static double[] ReferenceBootstrapTotals(double[] pnl, int samples, int blockLength, Xoshiro256 random)
    {
        var totals = new double[samples];
        for (var b = 0; b < samples; b++)
        {
            var taken = new List<double>();
            while (taken.Count < pnl.Length)
            {
                var start = random.NextInt(pnl.Length);
                for (var k = 0; k < blockLength && taken.Count < pnl.Length; k++)
                {
                    taken.Add(pnl[(start + k) % pnl.Length]);
                }
            }

            totals[b] = taken.Aggregate(0.0, (sum, x) => sum + x);
        }

        return totals;
    }

    private static (double, double, double) ReferenceFinalEquity(double[] pnl, double start, int samples, Xoshiro256 random)
    {
        var finals = new double[samples];
        for (var b = 0; b < samples; b++)
        {
            var equity = start;
            for (var i = 0; i < pnl.Length; i++)
            {
                equity += pnl[random.NextInt(pnl.Length)];
            }

            finals[b] = equity;
        }

        return Percentiles(finals);
    }

    private static (double, double, double) Percentiles(double[] values)
    {
        Array.Sort(values);
        return (Quantile.OfSorted(values, 0.05), Quantile.OfSorted(values, 0.50), Quantile.OfSorted(values, 0.95));
    }

    private static IEnumerable<RecorderEvent> MixedRun(Scenario s)
    {
        foreach (var e in s.Start())
        {
            yield return e;
        }

        yield return new InstrumentDefined { RunId = s.RunId, EventUtc = s.At(0), Source = s.Source, Symbol = "ES", TickSize = 0.25, PointValue = 50, Currency = "USD" };
        for (var minute = 0; minute < 30; minute++)
        {
            yield return s.Bar(minute, 5000 + (minute % 7) - 3);
        }

        // A bracket won by its target.
        yield return s.Order("E1", Side.Buy, 2, "FILLED", at: 60, filled: 2);
        yield return s.Fill("X1", "E1", Side.Buy, 1, price: 5000, at: 61);
        yield return s.Fill("X2", "E1", Side.Buy, 1, price: 5000.25, at: 62);
        yield return new OcoGroupDefined { RunId = s.RunId, EventUtc = s.At(63), OcoGroupId = "B1", Label = "Bracket" };
        yield return new OcoLinkAdded { RunId = s.RunId, EventUtc = s.At(63), OcoGroupId = "B1", OrderId = "E1", Role = "ENTRY" };
        yield return new OcoLinkAdded { RunId = s.RunId, EventUtc = s.At(63), OcoGroupId = "B1", OrderId = "SL1", Role = "SL" };
        yield return new OcoLinkAdded { RunId = s.RunId, EventUtc = s.At(63), OcoGroupId = "B1", OrderId = "TP1", Role = "TP" };
        yield return s.Order("SL1", Side.Sell, 2, "OPENED", at: 63, type: "STOP", stop: 4995);
        yield return s.Order("TP1", Side.Sell, 2, "OPENED", at: 63, type: "LIMIT", price: 5003);
        yield return s.Fill("X3", "TP1", Side.Sell, 2, price: 5003, at: 300);
        yield return s.Order("TP1", Side.Sell, 2, "FILLED", at: 300, type: "LIMIT", price: 5003, filled: 2);
        yield return s.Order("SL1", Side.Sell, 2, "CANCELLED", at: 300, type: "STOP", stop: 4995);

        // A short stopped out after its stop was moved: the first stop (5006) is the one R is measured against.
        yield return s.Order("E2", Side.Sell, 1, "FILLED", at: 400, filled: 1);
        yield return s.Fill("X4", "E2", Side.Sell, 1, price: 5001, at: 401);
        yield return new OcoGroupDefined { RunId = s.RunId, EventUtc = s.At(402), OcoGroupId = "B2", Label = "Bracket" };
        yield return new OcoLinkAdded { RunId = s.RunId, EventUtc = s.At(402), OcoGroupId = "B2", OrderId = "E2", Role = "ENTRY" };
        yield return new OcoLinkAdded { RunId = s.RunId, EventUtc = s.At(402), OcoGroupId = "B2", OrderId = "SL2", Role = "SL" };
        yield return s.Order("SL2", Side.Buy, 1, "OPENED", at: 402, type: "STOP", stop: 5006);
        yield return s.Order("SL2", Side.Buy, 1, "OPENED", at: 500, type: "STOP", stop: 5003);
        yield return s.Fill("X5", "SL2", Side.Buy, 1, price: 5003.5, at: 700);
        yield return s.Order("SL2", Side.Buy, 1, "FILLED", at: 700, type: "STOP", stop: 5003, filled: 1);

        // A round trip in a symbol without bars or instrument data, and a position left open in ES.
        yield return s.Order("N1", Side.Buy, 1, "FILLED", at: 800, symbol: "NQ", filled: 1);
        yield return s.Fill("X6", "N1", Side.Buy, 1, price: 18000, at: 801, symbol: "NQ");
        yield return s.Order("N2", Side.Sell, 1, "FILLED", at: 900, symbol: "NQ", filled: 1);
        yield return s.Fill("X7", "N2", Side.Sell, 1, price: 17990, at: 901, symbol: "NQ");
        yield return s.Order("E3", Side.Buy, 3, "PARTIALLY_FILLED", at: 1000, type: "LIMIT", price: 4999, filled: 1);
        yield return s.Fill("X8", "E3", Side.Buy, 1, price: 4999, at: 1001);
        yield return s.End(at: 1800);
    }

    /// <summary>Every row of the table as text with each value's type, so 1 and 1.0 differ.</summary>
    private static List<string> Dump(string path, string table)
    {
        using var connection = Db.Read(path);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table} ORDER BY 1, 2";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i) + "=" + (reader.IsDBNull(i)
                ? "NULL"
                : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) + ":" + reader.GetValue(i).GetType().Name))));
        }

        return rows;
    }
}
