using NUnit.Framework;
using QuantowerRecorder.Analytics.Drift;

namespace QuantowerRecorder.Tests.Analytics.Drift;

public sealed class DriftAnalysisTests
{
    private static DriftTrade[] Trades(params double[] pnl) => pnl.Select(p => new DriftTrade(p, 1)).ToArray();

    [Test]
    public void A_backtest_of_equal_trades_gives_a_band_of_exactly_k_times_the_trade()
    {
        var result = DriftAnalysis.Analyze(Trades(Enumerable.Repeat(10.0, 40).ToArray()), Trades(10, 10, 10, -5, 10, 25, 10, 0));

        Assert.That(result.Band, Has.Count.EqualTo(8));
        foreach (var point in result.Band)
        {
            Assert.That((point.Low, point.Median, point.High), Is.EqualTo((10.0 * point.K, 10.0 * point.K, 10.0 * point.K)), $"k = {point.K}");
            Assert.That((point.DrawdownMedian, point.DrawdownHigh), Is.EqualTo((0.0, 0.0)), $"k = {point.K}");
        }
    }

    [Test]
    public void Position_and_the_start_of_the_current_streak_outside_the_band()
    {
        // Cumulative 10, 20, 30, 25, 35, 60, 70, 70 against the band 10k: below at 4 and 5, back inside at 6, below again from 8.
        var result = DriftAnalysis.Analyze(Trades(Enumerable.Repeat(10.0, 40).ToArray()), Trades(10, 10, 10, -5, 10, 25, 10, 0));

        Assert.That(result.Band.Select(p => p.Position), Is.EqualTo(new[]
        {
            DriftPosition.Inside, DriftPosition.Inside, DriftPosition.Inside, DriftPosition.Below,
            DriftPosition.Below, DriftPosition.Inside, DriftPosition.Inside, DriftPosition.Below,
        }));
        Assert.That(result.Band.Select(p => p.Forward), Is.EqualTo(new[] { 10.0, 20, 30, 25, 35, 60, 70, 70 }));
        Assert.That(result.Verdict, Is.EqualTo(new DriftVerdict(DriftPosition.Below, 8, 0, 5, 100)));
    }

    [Test]
    public void Above_the_band_since_the_first_trade_of_the_streak()
    {
        var result = DriftAnalysis.Analyze(Trades(Enumerable.Repeat(10.0, 40).ToArray()), Trades(10, 10, 15, 10));

        Assert.That(result.Verdict!.Position, Is.EqualTo(DriftPosition.Above));
        Assert.That(result.Verdict.Since, Is.EqualTo(3));
        Assert.That(result.Verdict.PnlPercentile, Is.EqualTo(100));
        Assert.That(result.Verdict.DrawdownDeeperThan, Is.EqualTo(0), "no drawdown is deeper than none");
    }

    [Test]
    public void Backtest_trades_are_scaled_by_the_forward_runs_median_quantity_over_the_backtests()
    {
        // Backtest quantities 1, 2, 3 (median 2), forward 3, 3, 9 (median 3): every backtest trade counts 1.5 times.
        var backtest = new[] { new DriftTrade(10, 1), new DriftTrade(10, 2), new DriftTrade(10, 3) };
        var forward = new[] { new DriftTrade(15, 3), new DriftTrade(15, 3), new DriftTrade(15, 9) };

        var result = DriftAnalysis.Analyze(backtest, forward);

        Assert.That(result.Scale, Is.EqualTo(1.5));
        Assert.That(result.Band.Select(p => (p.Low, p.High)), Is.EqualTo(new[] { (15.0, 15.0), (30.0, 30.0), (45.0, 45.0) }));
        Assert.That(result.Verdict!.Position, Is.EqualTo(DriftPosition.Inside));
    }

    [Test]
    public void A_two_valued_backtest_gives_the_binomial_percentiles()
    {
        // ±10 with equal chance: after k trades the sum is 10·(2X − k), X ~ Binomial(k, ½). At k = 2, 6 and 12 no
        // binomial CDF value lies within 0.02 of 0.05, 0.5 or 0.95 (over four standard errors of a share of 2,000
        // paths), so the sample percentiles are the binomial ones exactly:
        // k = 2: P(X ≤ 0) = ¼ > 0.05, P(X ≤ 1) = ¾ ≥ 0.5, P(X ≤ 1) < 0.95 ≤ P(X ≤ 2): −20, 0, 20.
        // k = 6: P(X ≤ 0) = 1/64 < 0.05 < P(X ≤ 1) = 7/64; P(X ≤ 4) = 57/64 < 0.95 < 63/64: −40, 0, 40.
        // k = 12: P(X ≤ 2) = 79/4096 < 0.05 < P(X ≤ 3) = 299/4096; symmetric: −60, 0, 60.
        var backtest = Trades(Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? 10.0 : -10.0).ToArray());
        var forward = Trades(10, -10, -10, -10, 10, 10, -10, 10, 10, -10, -10, 10);

        var result = DriftAnalysis.Analyze(backtest, forward);

        Assert.That((result.Band[1].Low, result.Band[1].Median, result.Band[1].High), Is.EqualTo((-20.0, 0.0, 20.0)));
        Assert.That((result.Band[5].Low, result.Band[5].Median, result.Band[5].High), Is.EqualTo((-40.0, 0.0, 40.0)));
        Assert.That((result.Band[11].Low, result.Band[11].Median, result.Band[11].High), Is.EqualTo((-60.0, 0.0, 60.0)));

        // The deepest drawdown over 2 trades: ++ 0, +− 10, −+ 10, −− 20, so its median is 10 and its 95th percentile 20.
        Assert.That((result.Band[1].DrawdownMedian, result.Band[1].DrawdownHigh), Is.EqualTo((10.0, 20.0)));
    }

    [Test]
    public void A_two_valued_backtest_gives_the_exact_share_of_shallower_drawdowns()
    {
        // The forward run falls from 10 to −20 (drawdown 30) and ends at 0. Over all 4,096 equally likely ±10 paths of
        // 12 trades, the share whose deepest drawdown is under 30, and the share ending below 0 plus half of those at 0.
        var backtest = Trades(Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? 10.0 : -10.0).ToArray());
        var forward = Trades(10, -10, -10, -10, 10, 10, -10, 10, 10, -10, -10, 10);
        int shallower = 0, below = 0, level = 0;
        for (var path = 0; path < 1 << 12; path++)
        {
            double sum = 0, peak = 0, deepest = 0;
            for (var i = 0; i < 12; i++)
            {
                sum += (path >> i & 1) == 1 ? 10 : -10;
                peak = Math.Max(peak, sum);
                deepest = Math.Max(deepest, peak - sum);
            }

            shallower += deepest < 30 ? 1 : 0;
            below += sum < 0 ? 1 : 0;
            level += sum == 0 ? 1 : 0;
        }

        var result = DriftAnalysis.Analyze(backtest, forward);

        // Three standard errors of a share of 2,000 paths are at most 3.4 points.
        Assert.That(result.Verdict!.ForwardDrawdown, Is.EqualTo(30));
        Assert.That(result.Verdict.DrawdownDeeperThan, Is.EqualTo(100.0 * shallower / 4096).Within(3.4));
        Assert.That(result.Verdict.PnlPercentile, Is.EqualTo(100.0 * (below + (level / 2.0)) / 4096).Within(3.4));
        Assert.That(result.Verdict.Position, Is.EqualTo(DriftPosition.Inside));
    }

    [Test]
    public void The_band_agrees_with_a_direct_simulation_of_another_seed()
    {
        double[] pnl = [30, -10, -10, 5, -20, 12];
        var forward = Trades(Enumerable.Repeat(0.0, 20).ToArray());
        var result = DriftAnalysis.Analyze(Trades(pnl), forward);

        // 20,000 paths of k draws with System.Random, percentiles by nearest rank: independent of the code's generator,
        // its loop order and its interpolation.
        var random = new Random(7);
        const int Paths = 20_000;
        var sums = new double[20][];
        for (var k = 0; k < 20; k++)
        {
            sums[k] = new double[Paths];
        }

        for (var p = 0; p < Paths; p++)
        {
            double sum = 0;
            for (var k = 0; k < 20; k++)
            {
                sum += pnl[random.Next(pnl.Length)];
                sums[k][p] = sum;
            }
        }

        for (var k = 5; k <= 20; k++)
        {
            var sorted = sums[k - 1].Order().ToArray();
            double Rank(double q) => sorted[(int)Math.Ceiling(q * Paths) - 1];
            var width = Rank(0.95) - Rank(0.05);
            var point = result.Band[k - 1];
            Assert.That(point.Low, Is.EqualTo(Rank(0.05)).Within(0.05 * width), $"low at k = {k}");
            Assert.That(point.Median, Is.EqualTo(Rank(0.5)).Within(0.05 * width), $"median at k = {k}");
            Assert.That(point.High, Is.EqualTo(Rank(0.95)).Within(0.05 * width), $"high at k = {k}");
        }
    }

    [Test]
    public void The_same_seed_gives_the_same_band_and_another_seed_another()
    {
        var backtest = Trades(30, -10, -10, 5, -20, 12);
        var forward = Trades(Enumerable.Repeat(1.0, 15).ToArray());

        var first = DriftAnalysis.Analyze(backtest, forward);
        var again = DriftAnalysis.Analyze(backtest, forward);
        var other = DriftAnalysis.Analyze(backtest, forward, new DriftOptions { Seed = 1 });

        Assert.That(again.Band, Is.EqualTo(first.Band));
        Assert.That(other.Band, Is.Not.EqualTo(first.Band));
    }

    [Test]
    public void Too_few_trades_say_not_enough_with_what_is_missing()
    {
        var thirty = Trades(Enumerable.Repeat(10.0, 30).ToArray());
        var ten = Trades(Enumerable.Repeat(10.0, 10).ToArray());

        Assert.That(DriftAnalysis.Analyze(thirty, Trades(10, 10)).NotEnough?.Text, Is.EqualTo("not enough forward trades (2; needs 10)"));
        Assert.That(DriftAnalysis.Analyze(Trades(10, 10, 10), ten).NotEnough?.Text, Is.EqualTo("not enough backtest trades (3; needs 30)"));
        Assert.That(DriftAnalysis.Analyze(thirty, ten).NotEnough, Is.Null);
    }

    [Test]
    public void Without_trades_on_either_side_there_is_no_band_and_no_verdict()
    {
        var none = DriftAnalysis.Analyze([], Trades(10, 10));
        var noForward = DriftAnalysis.Analyze(Trades(10, 10), []);

        Assert.That((none.Band.Count, none.Verdict), Is.EqualTo((0, (DriftVerdict?)null)));
        Assert.That((noForward.Band.Count, noForward.Verdict), Is.EqualTo((0, (DriftVerdict?)null)));
    }
}
