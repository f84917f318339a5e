using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Study;
using static QuantowerRecorder.Tests.Analytics.Study.StudyPasses;

namespace QuantowerRecorder.Tests.Analytics.Study;

public sealed class StudyPlateauTests
{
    // One input x = 0…6 (normalised x/6), objective 0, 9, 0, 5, 6, 5, 0: a spike at x = 1, a plateau around x = 4.
    private static readonly double[] Line = [0, 9, 0, 5, 6, 5, 0];

    private static StudyPass[] LinePasses(double sign = 1, params (string, object)[] extra) =>
        Line.Select((o, x) => Pass("p" + x, sign * o, [("x", (object)x), .. extra])).ToArray();

    private static Dictionary<string, PlateauScore> ById(StudyResult result) => result.Plateau.ToDictionary(s => s.PassId);

    [Test]
    public void Study_plateau_averages_the_2d_plus_1_nearest_and_picks_the_plateau_not_the_spike()
    {
        var result = StudyAnalysis.Analyze(LinePasses());

        // d = 1 → k = 3: the pass and its two nearest (at the ends: the next two on one side).
        // p0 {0,9,0} 3; p1 {0,9,0} 3; p2 {9,0,5} 14/3; p3 {0,5,6} 11/3; p4 {5,6,5} 16/3; p5 {6,5,0} 11/3; p6 {6,5,0} 11/3.
        var expected = new[] { 3, 3, 14 / 3.0, 11 / 3.0, 16 / 3.0, 11 / 3.0, 11 / 3.0 };
        var scores = ById(result);
        Assert.That(result.PlateauNeighbours, Is.EqualTo(3));
        for (var x = 0; x < expected.Length; x++)
        {
            Assert.That(scores["p" + x].Score, Is.EqualTo(expected[x]).Within(1e-12), "p" + x);
            Assert.That(scores["p" + x].Neighbours, Is.EqualTo(3));
        }

        Assert.That(result.BestPassId, Is.EqualTo("p1"));
        Assert.That(result.PlateauPickId, Is.EqualTo("p4"));
        Assert.That(scores["p1"].WorstNeighbour, Is.EqualTo(0));
        Assert.That(scores["p4"].WorstNeighbour, Is.EqualTo(5));
    }

    [Test]
    public void Study_plateau_pick_is_never_a_valley_between_better_passes()
    {
        // Objective 0, 9, 1, 9, 0: p2 sits between the two best. k = 3: p2 {9,1,9} scores 19/3, the best score, but its
        // own 1 is worse than that; p1 {0,9,1} and p3 {1,9,0} score 10/3 with 9 of their own: the first id wins the tie.
        var passes = new[] { 0.0, 9, 1, 9, 0 }.Select((o, x) => Pass("p" + x, o, ("x", (object)x))).ToArray();

        var result = StudyAnalysis.Analyze(passes);

        var best = result.Plateau.MaxBy(s => s.Score)!;
        Assert.That((best.PassId, best.Score), Is.EqualTo(("p2", 19 / 3.0)));
        Assert.That(result.PlateauPickId, Is.EqualTo("p1"));

        var lower = StudyAnalysis.Analyze(passes.Select(p => p with { Objective = -p.Objective }).ToArray(), StudyOptions.Default with { HigherIsBetter = false });
        Assert.That(lower.PlateauPickId, Is.EqualTo("p1"), "lower is better: the same rule mirrored");
    }

    [Test]
    public void Study_plateau_with_lower_is_better_picks_the_lowest_neighbourhood()
    {
        var result = StudyAnalysis.Analyze(LinePasses(-1), StudyOptions.Default with { HigherIsBetter = false });

        Assert.That(result.BestPassId, Is.EqualTo("p1"));
        Assert.That(result.PlateauPickId, Is.EqualTo("p4"));
        Assert.That(ById(result)["p1"].WorstNeighbour, Is.EqualTo(0));
    }

    [Test]
    public void Study_plateau_takes_every_pass_tied_with_the_kth_and_does_not_depend_on_order()
    {
        // A 3 × 3 grid; b in decimal steps whose normalised gaps differ in the last bit (0.1/0.2 vs 0.2/0.2 − …).
        // Objective 3i + j for a's index i and b's index j. d = 2 → k = 5.
        var bs = new[] { 0.1, 0.2, 0.3 };
        var passes = new List<StudyPass>();
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                passes.Add(Pass($"g{i}{j}", (3 * i) + j, ("a", (object)(i * 10)), ("b", bs[j])));
            }
        }

        var scores = ById(StudyAnalysis.Analyze(passes));
        var shuffled = ById(StudyAnalysis.Analyze(Shuffled(passes, 99)));

        // Centre: itself and 4 at 0.5 → 5; (4 + 1 + 7 + 3 + 5) / 5 = 4.
        Assert.That(scores["g11"].Neighbours, Is.EqualTo(5));
        Assert.That(scores["g11"].Score, Is.EqualTo(4).Within(1e-12));

        // Corner: 0, 0.5, 0.5, 0.707, then (2,0) and (0,2) both at 1 → 6; (0 + 3 + 1 + 4 + 6 + 2) / 6 = 16/6.
        Assert.That(scores["g00"].Neighbours, Is.EqualTo(6));
        Assert.That(scores["g00"].Score, Is.EqualTo(16 / 6.0).Within(1e-12));

        // Edge (1,0): 0, three at 0.5, then (0,1) and (2,1) both at 0.707 → 6.
        Assert.That(scores["g10"].Neighbours, Is.EqualTo(6));
        foreach (var (id, score) in scores)
        {
            Assert.That(shuffled[id], Is.EqualTo(score), id);
        }
    }

    [Test]
    public void Study_plateau_treats_decimal_grid_steps_as_equal_distances()
    {
        // b = 0.1, 0.2, 0.3 normalises to 0, 0.5000000000000001, 1: the middle pass's gaps differ in the last bit.
        // With k = 2 both neighbours are as close as the 2nd nearest, so both count: (4 + 6 + 0) / 3.
        StudyPass[] passes = [Pass("l", 4, ("b", (object)0.1)), Pass("m", 6, ("b", (object)0.2)), Pass("r", 0, ("b", (object)0.3))];

        var middle = StudyAnalysis.Analyze(passes, StudyOptions.Default with { PlateauNeighbours = 2 }).Plateau.Single(s => s.PassId == "m");

        Assert.That(middle.Neighbours, Is.EqualTo(3));
        Assert.That(middle.Score, Is.EqualTo(10 / 3.0).Within(1e-12));
    }

    [Test]
    public void Study_plateau_neighbours_share_every_text_input_and_ignore_constant_ones()
    {
        // Same x in both modes; "fast" passes score 1, "slow" 100. A constant input changes no distance.
        var passes = new List<StudyPass>();
        for (var x = 0; x < 3; x++)
        {
            passes.Add(Pass("fast" + x, 1, ("x", (object)x), ("mode", "fast"), ("c", 5)));
            passes.Add(Pass("slow" + x, 100, ("x", (object)x), ("mode", "slow"), ("c", 5)));
        }

        var result = StudyAnalysis.Analyze(passes);

        Assert.That(result.PlateauNeighbours, Is.EqualTo(3), "d = 1: the constant input is left out");
        Assert.That(result.Plateau.Where(s => s.PassId.StartsWith("fast", StringComparison.Ordinal)).Select(s => s.Score), Is.All.EqualTo(1));
        Assert.That(result.Plateau.Select(s => s.Neighbours), Is.All.EqualTo(3));
    }

    [Test]
    public void Study_plateau_of_a_single_pass_or_without_a_numeric_input_that_varies_is_not_given()
    {
        // A plateau needs neighbours: one pass has none, and without a numeric input that varies nothing is near.
        var single = StudyAnalysis.Analyze([Pass("only", 2.5, ("x", (object)1))]);
        var text = StudyAnalysis.Analyze([Pass("a", 1, ("m", "fast")), Pass("b", 2, ("m", "slow")), Pass("c", 3, ("m", "fast"))]);

        Assert.That(single.Plateau, Is.Empty);
        Assert.That(single.PlateauPickId, Is.Null);
        Assert.That(single.PlateauNotEnough, Is.EqualTo(new NotEnough("numeric inputs that vary", 0, 1)));
        Assert.That(text.PlateauNotEnough!.Text, Is.EqualTo("not enough numeric inputs that vary (0; needs 1)"));
        Assert.That(single.BestPassId, Is.EqualTo("only"), "the best pass needs no neighbours");
        Assert.That(StudyAnalysis.Analyze(LinePasses(), StudyOptions.Default with { PlateauNeighbours = 1 }).PlateauNotEnough,
            Is.EqualTo(new NotEnough("neighbours in a neighbourhood", 0, 1)), "k = 1 is the pass alone");
    }

    [Test]
    public void Study_plateau_needs_more_passes_than_its_neighbourhood()
    {
        // d = 1 → k = 3. With 3 passes every neighbourhood is the whole study and every score its mean: not enough
        // (3; needs 4). With 4 (x = 0…3, objective 0, 9, 0, 5): p0 {0, 9, 0} 3, p1 {0, 9, 0} 3, p2 {9, 0, 5} 14/3,
        // p3 {9, 0, 5} 14/3.
        StudyPass[] four = [.. LinePasses().Take(4)];
        var three = StudyAnalysis.Analyze(four[..3]);
        var enough = StudyAnalysis.Analyze(four);

        Assert.That(three.PlateauNotEnough, Is.EqualTo(new NotEnough("passes", 3, 4)));
        Assert.That(three.Plateau, Is.Empty);
        Assert.That(enough.PlateauNotEnough, Is.Null);
        Assert.That(enough.Plateau.Select(p => p.Score), Is.EqualTo(new[] { 3, 3, 14 / 3.0, 14 / 3.0 }).Within(1e-12));

        // The demo's two hand-made backtests: four inputs vary, k = 9, and 2 passes (it printed "over its 9 nearest").
        StudyPass[] two = [Pass("f", -1.16, ("a", (object)5), ("b", 20), ("c", 0.8), ("d", 1.6)), Pass("m", 0.26, ("a", (object)10), ("b", 30), ("c", 1), ("d", 2))];
        Assert.That(StudyAnalysis.Analyze(two).PlateauNotEnough!.Text, Is.EqualTo("not enough passes (2; needs 10)"));
    }

    [Test]
    public void Study_plateau_leaves_out_passes_without_objective()
    {
        var passes = LinePasses().Append(Pass("none", null, ("x", (object)3))).ToArray();

        var result = StudyAnalysis.Analyze(passes);

        Assert.That(result.PlateauPickId, Is.EqualTo("p4"));
        Assert.That(result.Passes, Is.EqualTo(8));
        Assert.That(result.PassesWithObjective, Is.EqualTo(7));
        Assert.That(result.Plateau.Select(s => s.PassId), Does.Not.Contain("none"));
        Assert.That(result.Notes, Has.Some.StartsWith("objective: 1 pass"));
    }
}
