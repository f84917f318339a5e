using NUnit.Framework;
using QuantowerRecorder.Analytics.Study;
using QuantowerRecorder.Analytics.Validation;
using static QuantowerRecorder.Tests.Analytics.Study.StudyPasses;

namespace QuantowerRecorder.Tests.Analytics.Study;

public sealed class StudyPboTests
{
    [Test]
    public void Study_pbo_of_pure_noise_is_one_half_within_its_sampling_error()
    {
        // N = 10 passes of i.i.d. normal noise. In sample and out of sample are disjoint periods, so the pass chosen in
        // sample is, out of sample, one of N exchangeable passes: its rank r is uniform on 1…N and
        // P(λ ≤ 0) = P(r ≤ (N + 1)/2) = P(r ≤ 5) = 1/2 exactly (N even, no ties with continuous data). So every
        // study's PBO has mean 1/2. One study's splits share their periods and are far from independent, so take the
        // mean of R = 1,000 independent studies: each PBO lies in [0, 1], and Hoeffding's inequality gives
        // P(|mean − 1/2| ≥ t) ≤ 2 exp(−2 R t²) = 2 exp(−9.8) ≈ 1.1e−4 for t = 0.07.
        const int studies = 1_000;
        var random = new Xoshiro256(20261123);
        var options = StudyOptions.Default with { Partitions = 8 };
        var sum = 0.0;
        for (var study = 0; study < studies; study++)
        {
            var passes = Enumerable.Range(0, 10).Select(j => Returns("n" + j, Normals(random, 64, 0, 0.01))).ToArray();
            sum += StudyAnalysis.Analyze(passes, options).Overfitting!.Probability!.Value;
        }

        Assert.That(sum / studies, Is.EqualTo(0.5).Within(0.07));
    }

    [Test]
    public void Study_pbo_with_one_real_edge_among_noise_is_near_zero()
    {
        // 9 noise passes (mean 0, sd 1 %) and one with mean 0.6 % a day (per-day Sharpe 0.6), T = 250, S = 16.
        // A half holds 125 periods: a Sharpe estimate's std ≈ √((1 + SR²/2)/125) ≈ 0.10. The edge loses the in-sample
        // pick to a noise pass with probability ≈ 9 Φ(−0.6/0.135) ≈ 4e−5 per split, and once picked ranks in the lower
        // half out of sample with probability ≈ Φ(−0.6/0.10) ≈ 1e−9. So E[PBO] ≲ 4e−5, and by Markov's inequality
        // P(PBO ≥ 0.01) ≤ 4e−3. Almost every split picks the edge and finds it first of 10: λ = ln(10/11 ÷ 1/11) = ln 10.
        var random = new Xoshiro256(7);
        var passes = Enumerable.Range(0, 9).Select(j => Returns("n" + j, Normals(random, 250, 0, 0.01)))
            .Append(Returns("edge", Normals(random, 250, 0.006, 0.01))).ToArray();

        var pbo = StudyAnalysis.Analyze(passes).Overfitting!;

        Assert.That(pbo.Splits, Is.EqualTo(12_870));
        Assert.That(pbo.Probability, Is.LessThan(0.01));
        Assert.That(pbo.ProbabilityOfLoss, Is.LessThan(0.01));
        Assert.That(pbo.Logits.Order().ElementAt(pbo.Splits / 2), Is.EqualTo(Math.Log(10)).Within(1e-12));
    }

    [Test]
    public void Study_pbo_is_one_when_the_in_sample_best_is_the_out_of_sample_worst_in_every_split()
    {
        // Pass A is c_p ± w in partition p (4 periods of 16, w = 1 %), c_p = 1e−7 (2^p − 65,535/16), so Σ_p c_p = 0:
        // A's whole sum is 0 and any 8 partitions sum to 4e−7 (Σ 2^p − 32,767.5) ≠ 0 (a half-integer). So in every
        // split A's in-sample and out-of-sample means have opposite signs. Pass B = −A. The pass picked in sample is
        // the one with the positive in-sample mean, and out of sample it is negative while the other is positive:
        // rank 1 of 2, ω = 1/3, λ = ln(1/2) < 0, and out of sample it loses.
        var a = new double[64];
        for (var t = 0; t < 64; t++)
        {
            var c = 1e-7 * (Math.Pow(2, t / 4) - (65_535 / 16.0));
            a[t] = c + (t % 2 == 0 ? 0.01 : -0.01);
        }

        StudyPass[] passes = [Returns("A", a), Returns("B", a.Select(x => -x).ToArray())];

        // Two passes are below PBO's minimum (StudyMinimums): the definition's arithmetic is checked beneath that gate.
        var pbo = Overfitting.Compute(ReturnsMatrix.From(passes), StudyOptions.Default);

        Assert.That(pbo.Probability, Is.EqualTo(1));
        Assert.That(pbo.Logits, Is.All.EqualTo(Math.Log(0.5)).Within(1e-12));
        Assert.That(pbo.ProbabilityOfLoss, Is.EqualTo(1));
        Assert.That(pbo.InSampleSharpe, Is.All.GreaterThan(0));
    }
}
