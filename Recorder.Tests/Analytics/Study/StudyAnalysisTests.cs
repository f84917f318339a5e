using NUnit.Framework;
using QuantowerRecorder.Analytics.Stats;
using QuantowerRecorder.Analytics.Study;
using QuantowerRecorder.Analytics.Validation;
using static QuantowerRecorder.Tests.Analytics.Study.StudyPasses;

namespace QuantowerRecorder.Tests.Analytics.Study;

public sealed class StudyAnalysisTests
{
    [Test]
    public void Study_deflated_sharpe_uses_the_passes_run_as_its_trials()
    {
        // Two passes with a Sharpe ratio and one flat pass (no Sharpe: not a trial). Per-period Sharpe:
        // a = 1, 2, 3: mean 2, sample std 1 → 2; b = 1, −1, 3: mean 1, std 2 → 0.5. Annualised × √252.
        // Trials N = 2, variance of (2√252, 0.5√252) = (1.5√252)²/2 = 1.125 × 252 = 283.5.
        // Best pass by objective is b (objective 9), whatever its Sharpe.
        StudyPass[] passes =
        [
            Pass("a", 1, [0.01, 0.02, 0.03], ("x", (object)1)),
            Pass("b", 9, [0.01, -0.01, 0.03], ("x", (object)2)),
            Pass("flat", 0, [0.25, 0.25, 0.25], ("x", (object)3)),
        ];

        var dsr = StudyAnalysis.Analyze(passes).DeflatedSharpe!;

        Assert.That(dsr.PassId, Is.EqualTo("b"));
        Assert.That(dsr.Trials, Is.EqualTo(2));
        Assert.That(dsr.Sharpe, Is.EqualTo(0.5 * Math.Sqrt(252)).Within(1e-9));
        Assert.That(dsr.SharpeVariance, Is.EqualTo(283.5).Within(1e-9));

        // SR₀ per period for 2 trials and per-period variance 283.5/252 = 1.125: the project's expected maximum,
        // itself checked by hand in RatioStatisticsTests; the DSR is the PSR of b's returns against it.
        var threshold = RatioStatistics.ExpectedMaxSharpe(2, 1.125);
        Assert.That(dsr.Threshold, Is.EqualTo(threshold * Math.Sqrt(252)).Within(1e-9));
        Assert.That(dsr.Probability, Is.EqualTo(RatioStatistics.ProbabilisticSharpe([0.01, -0.01, 0.03], threshold)).Within(1e-12));
    }

    [Test]
    public void Study_pbo_uses_only_periods_every_pass_has()
    {
        // Longest series 40 periods; one pass stops at 36, another has a NaN at period 5: 35 periods kept, 5 dropped.
        // A pass with no returns at all takes no part.
        var random = new Xoshiro256(3);
        var gap = Normals(random, 40, 0, 0.01);
        gap[5] = double.NaN;
        StudyPass[] passes =
        [
            Returns("full", Normals(random, 40, 0, 0.01)), Returns("short", Normals(random, 36, 0, 0.01)),
            Returns("gap", gap), Returns("none", []),
        ];

        var pbo = StudyAnalysis.Analyze(passes, StudyOptions.Default with { Partitions = 4 }).Overfitting!;

        Assert.That(pbo.Passes, Is.EqualTo(3));
        Assert.That(pbo.Periods, Is.EqualTo(35));
        Assert.That(pbo.PeriodsDropped, Is.EqualTo(5));
    }

    [Test]
    public void Study_pbo_is_null_with_a_note_when_there_are_too_few_periods_or_passes()
    {
        var random = new Xoshiro256(4);
        var tooShort = StudyAnalysis.Analyze([Returns("a", Normals(random, 10, 0, 1)), Returns("b", Normals(random, 10, 0, 1))]);
        var alone = StudyAnalysis.Analyze([Returns("a", Normals(random, 100, 0, 1))]);

        Assert.That(tooShort.Overfitting, Is.Null);
        Assert.That(tooShort.Notes, Has.Some.Contains("16 partitions need at least 16"));
        Assert.That(alone.Overfitting, Is.Null);
        Assert.That(alone.Notes, Has.Some.Contains("at least 2 passes"));
    }

    [Test]
    public void Study_result_does_not_depend_on_the_order_of_the_passes()
    {
        var random = new Xoshiro256(5);
        var passes = Enumerable.Range(0, 12)
            .Select(i => Pass("s" + i, i % 5, Normals(random, 48, 0.0005 * (i % 3), 0.01), ("x", (object)(i % 4)), ("y", i / 4)))
            .ToArray();
        var options = StudyOptions.Default with { Partitions = 6 };

        var one = StudyAnalysis.Analyze(passes, options);
        var other = StudyAnalysis.Analyze(Shuffled(passes, 11), options);

        Assert.That(other.Plateau, Is.EqualTo(one.Plateau));
        Assert.That((other.BestPassId, other.PlateauPickId), Is.EqualTo((one.BestPassId, one.PlateauPickId)));
        Assert.That(other.Importance, Is.EqualTo(one.Importance));
        Assert.That(other.Overfitting!.Logits, Is.EqualTo(one.Overfitting!.Logits));
        Assert.That(other.DeflatedSharpe, Is.EqualTo(one.DeflatedSharpe));
    }

    [Test]
    public void Study_refuses_duplicate_ids_and_odd_partitions()
    {
        Assert.Throws<ArgumentException>(() => StudyAnalysis.Analyze([Returns("a", [1, 2]), Returns("a", [1, 2])]));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudyAnalysis.Analyze([Returns("a", [1, 2])], StudyOptions.Default with { Partitions = 5 }));
    }
}
