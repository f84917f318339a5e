using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Study;
using static QuantowerRecorder.Tests.Analytics.Study.StudyPasses;

namespace QuantowerRecorder.Tests.Analytics.Study;

public sealed class StudyImportanceTests
{
    private static Dictionary<string, ParameterImportance> Of(IReadOnlyList<StudyPass> passes, StudyOptions? options = null) =>
        StudyAnalysis.Analyze(passes, options).Importance.ToDictionary(i => i.Parameter);

    [Test]
    public void Study_importance_is_the_between_group_share_of_the_variance()
    {
        // y = 10a + b on the full 2 × 3 grid: 0 1 2 | 10 11 12, mean 6, total SS = 36+25+16+16+25+36 = 154.
        // a: groups means 1 and 11 → 3·25 + 3·25 = 150. b: means 5, 6, 7 → 2·1 + 0 + 2·1 = 4.
        var passes = new List<StudyPass>();
        for (var a = 0; a < 2; a++)
        {
            for (var b = 0; b < 3; b++)
            {
                passes.Add(Pass($"a{a}b{b}", (10 * a) + b, ("a", (object)a), ("b", b)));
            }
        }

        var importance = Of(passes);

        Assert.That(importance["a"].Share, Is.EqualTo(150 / 154.0).Within(1e-12));
        Assert.That(importance["b"].Share, Is.EqualTo(4 / 154.0).Within(1e-12));
        Assert.That(importance["a"].Groups, Is.EqualTo(2));
        Assert.That(importance["b"].Groups, Is.EqualTo(3));
        Assert.That(importance["a"].ExpectedByChance, Is.EqualTo(1 / 5.0).Within(1e-12), "(G − 1)/(n − 1)");
        Assert.That(importance["b"].ExpectedByChance, Is.EqualTo(2 / 5.0).Within(1e-12));
        Assert.That(importance["a"].Method, Is.EqualTo(SurfaceMethod.DistinctValues));
    }

    [Test]
    public void Study_importance_credits_a_pure_interaction_to_neither_input()
    {
        // y = 1 when a ≠ b (xor), twice over: each input's group means are both 0.5, so η² = 0 for both.
        var passes = new List<StudyPass>();
        foreach (var copy in new[] { "x", "y" })
        {
            for (var a = 0; a < 2; a++)
            {
                for (var b = 0; b < 2; b++)
                {
                    passes.Add(Pass($"{copy}{a}{b}", a == b ? 0 : 1, ("a", (object)a), ("b", b)));
                }
            }
        }

        var importance = Of(passes);

        Assert.That(importance["a"].Share, Is.EqualTo(0).Within(1e-15));
        Assert.That(importance["b"].Share, Is.EqualTo(0).Within(1e-15));
    }

    [Test]
    public void Study_importance_bins_an_input_sampled_at_random_and_groups_text_by_value()
    {
        // x: 0, 0.1, 0.35 | 0.5, 0.74, 0.76, 1 with 2 bins of width 0.5; y = 0 in the low bin, 1 in the high one,
        // so x explains everything. Text "m" is the same for all: one group, share 0.
        double[] xs = [0, 0.1, 0.35, 0.5, 0.74, 0.76, 1];
        var passes = xs.Select((x, i) => Pass("r" + i, x < 0.5 ? 0 : 1, ("x", (object)x), ("m", "same"))).ToArray();

        var importance = Of(passes, StudyOptions.Default with { Bins = 2 });

        Assert.That(importance["x"].Method, Is.EqualTo(SurfaceMethod.EqualWidthBins));
        Assert.That(importance["x"].Groups, Is.EqualTo(2));
        Assert.That(importance["x"].Share, Is.EqualTo(1).Within(1e-12));
        Assert.That(importance["m"].Numeric, Is.False);
        Assert.That(importance["m"].Groups, Is.EqualTo(1));
        Assert.That(importance["m"].Share, Is.EqualTo(0));
    }

    [Test]
    public void Study_importance_is_null_when_the_objective_never_varies()
    {
        var passes = Enumerable.Range(0, 4).Select(i => Pass("c" + i, 7, ("x", (object)(i % 2)))).ToArray();

        Assert.That(Of(passes)["x"].Share, Is.Null);
        Assert.That(Of(passes)["x"].NotEnough, Is.Null, "two groups of two passes: enough, but nothing to explain");
    }

    [Test]
    public void Study_importance_needs_more_passes_than_groups()
    {
        // With as many groups as passes each group is one pass: between = total, η² = 1 whatever the objective (the two
        // hand-made backtests of the demo showed 100 % for all four inputs). 3 values in 3 passes: not enough (3; needs
        // 4); a fourth pass repeating a value makes one group of two.
        StudyPass[] Three() => [Pass("a", 1, ("x", (object)0)), Pass("b", 5, ("x", (object)1)), Pass("c", 9, ("x", (object)2))];
        var three = Of(Three())["x"];
        var four = Of([.. Three(), Pass("d", 4, ("x", (object)0))])["x"];

        Assert.That(three.Share, Is.Null);
        Assert.That(three.NotEnough, Is.EqualTo(new NotEnough("passes", 3, 4)));
        Assert.That(three.ExpectedByChance, Is.EqualTo(1), "(G − 1)/(n − 1) = 1: chance alone explains all of it");

        // y = 1, 5, 9, 4: mean 4.75, total SS = 14.0625 + 0.0625 + 18.0625 + 0.5625 = 32.75; groups x=0 {1, 4} mean 2.5,
        // x=1 {5}, x=2 {9}: between = 2·2.25² + 0.25² + 4.25² = 10.125 + 0.0625 + 18.0625 = 28.25.
        Assert.That(four.NotEnough, Is.Null);
        Assert.That(four.Share, Is.EqualTo(28.25 / 32.75).Within(1e-12));
    }
}
