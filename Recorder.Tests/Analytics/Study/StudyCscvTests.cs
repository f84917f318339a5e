using NUnit.Framework;
using QuantowerRecorder.Analytics.Study;
using QuantowerRecorder.Analytics.Validation;
using static QuantowerRecorder.Tests.Analytics.Study.StudyPasses;

namespace QuantowerRecorder.Tests.Analytics.Study;

public sealed class StudyCscvTests
{
    [Test]
    public void Study_cscv_with_4_partitions_of_one_period_each_worked_by_hand()
    {
        // T = 4, S = 4: partition s is period s; a half is 2 periods {a, b}, whose Sharpe is
        // (a + b)/2 ÷ (|a − b|/√2) = f/√2 with f = (a + b)/|a − b|. Annualised: f × √252/√2 = f √126.
        // Splits by in-sample mask: 3 {0,1}, 5 {0,2}, 6 {1,2}, 9 {0,3}, 10 {1,3}, 12 {2,3}.
        //   A = 3, 1, 2, −1   B = 1, 2, 4, 0   C = 2, −1, 1, 3
        // mask  in-sample f (A, B, C)   chosen  out-of-sample f (A, B, C)   rank of chosen  ω     λ
        //  3    2, 3, 1/3               B       1/3, 1, 2                   2               2/4   0
        //  5    5, 5/3, 3               A       0, 1, 1/2                   1               1/4   −ln 3
        //  6    3, 3, 0    (tie → A)    A       1/2, 1, 5                   1               1/4   −ln 3
        //  9    1/2, 1, 5               C       3, 3, 0                     1               1/4   −ln 3
        // 10    0, 1, 1/2               B       5, 5/3, 3                   1               1/4   −ln 3
        // 12    1/3, 1, 2               C       2, 3, 1/3                   1               1/4   −ln 3
        // Three passes are below PBO's minimum (StudyMinimums): the arithmetic is checked beneath that gate.
        StudyPass[] passes = [Returns("A", [3, 1, 2, -1]), Returns("B", [1, 2, 4, 0]), Returns("C", [2, -1, 1, 3])];

        var pbo = Overfitting.Compute(ReturnsMatrix.From(passes), StudyOptions.Default with { Partitions = 4 });

        var ln3 = Math.Log(3);
        Assert.That(pbo.Splits, Is.EqualTo(6));
        Assert.That(pbo.Logits, Is.EqualTo(new[] { 0, -ln3, -ln3, -ln3, -ln3, -ln3 }).Within(1e-12));
        Assert.That(pbo.Probability, Is.EqualTo(1), "λ = 0 counts as overfit (λ ≤ 0)");
        var root126 = Math.Sqrt(126);
        Assert.That(pbo.InSampleSharpe, Is.EqualTo(new[] { 3, 5, 3, 5, 1, 2 }.Select(f => f * root126)).Within(1e-9));
        Assert.That(pbo.OutOfSampleSharpe, Is.EqualTo(new[] { 1, 0, 0.5, 0, 5 / 3.0, 1 / 3.0 }.Select(f => f * root126)).Within(1e-9));
        Assert.That(pbo.ProbabilityOfLoss, Is.EqualTo(0), "an out-of-sample Sharpe of 0 is not a loss");

        // Least squares over the six (in, out) pairs of f: x̄ = 19/6, ȳ = 7/12, Sxy = −17/4, Sxx = 77/6 →
        // slope −51/154 (unchanged by the common √126), intercept (7/12 + 51/154 × 19/6) √126 = 377/231 √126.
        Assert.That(pbo.DegradationSlope, Is.EqualTo(-51 / 154.0).Within(1e-12));
        Assert.That(pbo.DegradationIntercept, Is.EqualTo(377 / 231.0 * root126).Within(1e-9));
    }

    [Test]
    public void Study_cscv_partitions_are_equal_blocks_and_the_oldest_remainder_is_left_out()
    {
        // The paper's partition: S blocks of m = ⌊T/S⌋ periods. T = 10, S = 4: m = 2, 10 − 8 = 2 oldest left out, so the
        // blocks start at 2, 4, 6, 8 and the last ends at 10.
        Assert.That(Enumerable.Range(0, 5).Select(s => Cscv.PartitionStart(s, 10, 4)), Is.EqualTo(new[] { 2, 4, 6, 8, 10 }));
        Assert.That((Cscv.BlockSize(10, 4), Cscv.LeftOut(10, 4)), Is.EqualTo((2, 2)));

        // T = 250, S = 16: 250 = 16 × 15 + 10, so sixteen blocks of 15 and the first 10 periods left out.
        var sizes = Enumerable.Range(0, 16).Select(s => Cscv.PartitionStart(s + 1, 250, 16) - Cscv.PartitionStart(s, 250, 16)).ToArray();
        Assert.That(sizes, Is.All.EqualTo(15));
        Assert.That(Cscv.PartitionStart(0, 250, 16), Is.EqualTo(10));
    }

    [Test]
    public void Study_cscv_with_a_length_not_a_multiple_of_S_drops_the_oldest_period_as_the_paper_does()
    {
        // The hand-worked example above with one older period put in front: T = 5, S = 4 gives blocks of 1 and leaves
        // out period 0, so every choice is the example's. Five passes (PBO's minimum): the two more are copies of A and B
        // shifted by −1000 in every period, never chosen and always ranked last, which moves each rank of the three up by
        // 2: ω = (r + 2)/6. Unequal blocks (⌊sT/S⌋ = 0, 1, 2, 3, 5: period 0 in the first, 3 and 4 in the last) choose
        // C, A, B, C, C, B instead and give PBO 4/6 (worked by the same definition in Python while writing this test).
        double[] a = [100, 3, 1, 2, -1], b = [-100, 1, 2, 4, 0], c = [7, 2, -1, 1, 3];
        StudyPass[] passes =
        [
            Returns("A", a), Returns("B", b), Returns("C", c),
            Returns("D", a.Select(x => x - 1000).ToArray()), Returns("E", b.Select(x => x - 1000).ToArray()),
        ];

        var pbo = StudyAnalysis.Analyze(passes, StudyOptions.Default with { Partitions = 4 }).Overfitting!;

        // Ranks of the chosen among 5 (two below it): mask 3 → 2 + 2 = 4, ω = 4/6, λ = ln 2; the others → 3, ω = ½, λ = 0.
        Assert.That((pbo.Periods, pbo.BlockSize, pbo.OldestLeftOut), Is.EqualTo((5, 1, 1)));
        Assert.That(pbo.Logits, Is.EqualTo(new[] { Math.Log(2), 0, 0, 0, 0, 0 }).Within(1e-12));
        Assert.That(pbo.Probability, Is.EqualTo(5 / 6.0).Within(1e-15));
        var root126 = Math.Sqrt(126);
        Assert.That(pbo.InSampleSharpe, Is.EqualTo(new[] { 3, 5, 3, 5, 1, 2 }.Select(f => f * root126)).Within(1e-9));
    }

    [Test]
    public void Study_cscv_enumerates_every_half_once_and_complements_mirror()
    {
        var masks = Cscv.Masks(16);

        // C(16, 8) = 16! / (8! 8!) = 12,870.
        Assert.That(masks, Has.Length.EqualTo(12_870));
        Assert.That(masks.Distinct().Count(), Is.EqualTo(12_870));
        Assert.That(masks, Is.Ordered.Ascending);
        for (var i = 0; i < masks.Length; i++)
        {
            Assert.That(masks[^(i + 1)], Is.EqualTo(0xFFFF ^ masks[i]));
        }
    }

    [Test]
    public void Study_cscv_agrees_with_a_direct_implementation_when_T_is_not_a_multiple_of_S()
    {
        // 7 passes with different drifts, T = 37, S = 6 (C(6,3) = 20 splits, blocks of 6, the oldest period left out),
        // computed the slow obvious way below.
        var random = new Xoshiro256(17);
        var passes = Enumerable.Range(0, 7).Select(j => Returns("q" + j, Normals(random, 37, 0.001 * (j - 3), 0.01))).ToArray();

        var pbo = StudyAnalysis.Analyze(passes, StudyOptions.Default with { Partitions = 6 }).Overfitting!;
        var direct = Direct(passes.Select(p => p.Returns.ToArray()).ToArray(), 6);

        Assert.That(pbo.Splits, Is.EqualTo(20));
        Assert.That(pbo.Logits, Is.EqualTo(direct.Select(d => d.Logit)).Within(1e-12));
        Assert.That(pbo.InSampleSharpe, Is.EqualTo(direct.Select(d => d.In)).Within(1e-9));
        Assert.That(pbo.OutOfSampleSharpe, Is.EqualTo(direct.Select(d => d.Out)).Within(1e-9));
        Assert.That(pbo.Probability, Is.EqualTo(direct.Count(d => d.Logit <= 0) / 20.0));
        Assert.That(pbo.ProbabilityOfLoss, Is.EqualTo(direct.Count(d => d.Out < 0) / 20.0));
    }

    /// <summary>
    /// CSCV as the definition reads: for each in-sample set (by ascending bitmask), gather the periods of its
    /// partitions, compute each pass's Sharpe with a two-pass mean and sample std, pick the first best, rank it by
    /// sorting out of sample.
    /// </summary>
    private static List<(double Logit, double In, double Out)> Direct(double[][] columns, int s)
    {
        int t = columns[0].Length, n = columns.Length;
        var result = new List<(double, double, double)>();
        for (var mask = 0; mask < 1 << s; mask++)
        {
            if (Enumerable.Range(0, s).Count(p => ((mask >> p) & 1) == 1) != s / 2)
            {
                continue;
            }

            // The paper's blocks: m = ⌊T/S⌋ rows each, the oldest T mod S rows in none.
            var inRows = new List<int>();
            var outRows = new List<int>();
            int m = t / s, left = t % s;
            for (var p = 0; p < s; p++)
            {
                for (var r = left + (p * m); r < left + ((p + 1) * m); r++)
                {
                    (((mask >> p) & 1) == 1 ? inRows : outRows).Add(r);
                }
            }

            var ins = columns.Select(c => SharpeOf(inRows.Select(r => c[r]).ToArray())).ToArray();
            var outs = columns.Select(c => SharpeOf(outRows.Select(r => c[r]).ToArray())).ToArray();
            var chosen = Array.IndexOf(ins, ins.Max());
            var rank = outs.Order().ToList().IndexOf(outs[chosen]) + 1;
            var omega = rank / (n + 1.0);
            result.Add((Math.Log(omega / (1 - omega)), ins[chosen] * Math.Sqrt(252), outs[chosen] * Math.Sqrt(252)));
        }

        return result;
    }

    private static double SharpeOf(double[] x)
    {
        var mean = x.Average();
        var sd = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
        return mean / sd;
    }
}
