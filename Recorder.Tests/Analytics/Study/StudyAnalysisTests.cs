using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Study;
using QuantowerRecorder.Analytics.Validation;
using static QuantowerRecorder.Tests.Analytics.Study.StudyPasses;

namespace QuantowerRecorder.Tests.Analytics.Study;

public sealed class StudyAnalysisTests
{
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
    public void Study_pbo_needs_5_passes_and_max_S_4_periods_and_says_what_it_lacks()
    {
        // 4 passes: PBO of noise would be ⌊5/2⌋/4 = ½ but the lower half is only the worst two; 5 is the minimum.
        // 16 partitions need 16 periods (one each, and S/2 in a half); 15 are one short.
        var random = new Xoshiro256(4);
        StudyResult Of(int passes, int periods) =>
            StudyAnalysis.Analyze(Enumerable.Range(0, passes).Select(i => Returns("p" + i, Normals(random, periods, 0, 1))).ToArray());

        var four = Of(4, 100).Overfitting!;
        var five = Of(5, 100).Overfitting!;
        var fifteen = Of(5, 15).Overfitting!;
        var sixteen = Of(5, 16).Overfitting!;

        Assert.That(four.NotEnough, Is.EqualTo(new NotEnough("passes with returns", 4, 5)));
        Assert.That(four.NotEnough!.Text, Is.EqualTo("not enough passes with returns (4; needs 5)"));
        Assert.That((four.Probability, four.Splits, four.Logits.Count, four.Passes, four.Periods), Is.EqualTo(((double?)null, 0, 0, 4, 100)));
        Assert.That(five.NotEnough, Is.Null);
        Assert.That(five.Probability, Is.Not.Null);
        Assert.That(fifteen.NotEnough, Is.EqualTo(new NotEnough("periods", 15, 16)));
        Assert.That(fifteen.Probability, Is.Null);
        Assert.That(sixteen.NotEnough, Is.Null);
        Assert.That(sixteen.Splits, Is.EqualTo(12_870));
        Assert.That(StudyAnalysis.Analyze([Returns("a", []), Returns("b", [])]).Overfitting, Is.Null, "no pass has returns: nothing to say");
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
    }

    [Test]
    public void Study_refuses_duplicate_ids_and_odd_partitions()
    {
        Assert.Throws<ArgumentException>(() => StudyAnalysis.Analyze([Returns("a", [1, 2]), Returns("a", [1, 2])]));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudyAnalysis.Analyze([Returns("a", [1, 2])], StudyOptions.Default with { Partitions = 5 }));
    }
}
