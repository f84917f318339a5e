using NUnit.Framework;
using QuantowerRecorder.Analytics.Study;
using static QuantowerRecorder.Tests.Analytics.Study.StudyPasses;

namespace QuantowerRecorder.Tests.Analytics.Study;

public sealed class StudySurfaceTests
{
    [Test]
    public void Study_line_over_grid_values_has_one_cell_per_value_with_mean_best_and_count()
    {
        // x = 1: objectives 2 and 4; x = 2: 10 and 0; x = 3: 5. Unsorted input, ids not in x order.
        StudyPass[] passes =
        [
            Pass("e", 5, ("x", (object)3)), Pass("a", 2, ("x", (object)1)), Pass("d", 0, ("x", (object)2)),
            Pass("b", 4, ("x", (object)1)), Pass("c", 10, ("x", (object)2)),
        ];

        var line = StudyAnalysis.Analyze(passes).Lines.Single();

        Assert.That(line.X.Method, Is.EqualTo(SurfaceMethod.DistinctValues));
        Assert.That(line.Y, Is.Null);
        Assert.That(line.X.Bins.Select(b => b.Low), Is.EqualTo(new double?[] { 1, 2, 3 }));
        Assert.That(line.Cells.Select(c => c.Count), Is.EqualTo(new[] { 2, 2, 1 }));
        Assert.That(line.Cells.Select(c => c.Mean), Is.EqualTo(new double?[] { 3, 5, 5 }));
        Assert.That(line.Cells.Select(c => c.BestPassId), Is.EqualTo(new[] { "b", "c", "e" }));
        Assert.That(line.BestPassId, Is.EqualTo("c"));
    }

    [Test]
    public void Study_grid_of_random_samples_is_binned_with_counts_and_empty_cells_left_empty()
    {
        // 2 bins per axis over [0, 1]: low = [0, 0.5), high = [0.5, 1] (the maximum belongs to the last). Cells (x, y):
        // (0,0): p1 obj 1, p2 obj 3 → mean 2, best p2; (1,0): p6 obj 2; (0,1): p0 obj 0, p3 obj 7 → 3.5, best p3;
        // (1,1): p4 obj 4 (0.5 is high), p5 obj 6 → 5, best p5.
        StudyPass[] passes =
        [
            Pass("p0", 0, ("x", (object)0.0), ("y", 0.7)), Pass("p1", 1, ("x", (object)0.1), ("y", 0.2)),
            Pass("p2", 3, ("x", (object)0.3), ("y", 0.4)), Pass("p3", 7, ("x", (object)0.2), ("y", 0.9)),
            Pass("p4", 4, ("x", (object)0.6), ("y", 0.5)), Pass("p5", 6, ("x", (object)1.0), ("y", 1.0)),
            Pass("p6", 2, ("x", (object)0.9), ("y", 0.0)),
        ];

        var grid = StudyAnalysis.Surface(passes, "x", "y", StudyOptions.Default with { Bins = 2 });

        // Cells row by row, x fastest.
        Assert.That(grid.X.Method, Is.EqualTo(SurfaceMethod.EqualWidthBins));
        Assert.That(grid.Y!.Method, Is.EqualTo(SurfaceMethod.EqualWidthBins));
        Assert.That(grid.X.Bins.Select(b => (b.Low, b.High)), Is.EqualTo(new (double?, double?)[] { (0, 0.5), (0.5, 1) }));
        Assert.That(grid.Cells.Select(c => (c.X, c.Y, c.Count)), Is.EqualTo(new[] { (0, 0, 2), (1, 0, 1), (0, 1, 2), (1, 1, 2) }));
        Assert.That(grid.Cells.Select(c => c.Mean), Is.EqualTo(new double?[] { 2, 2, 3.5, 5 }));
        Assert.That(grid.Cells.Select(c => c.BestPassId), Is.EqualTo(new[] { "p2", "p6", "p3", "p5" }));
        Assert.That(grid.Cells.Sum(c => c.Count), Is.EqualTo(passes.Length));
        Assert.That(grid.BestPassId, Is.EqualTo("p3"));
    }

    [Test]
    public void Study_grid_leaves_a_cell_without_passes_empty_and_orders_text_values_ordinally()
    {
        StudyPass[] passes =
        [
            Pass("a", 1, ("mode", (object)"slow"), ("x", 1)), Pass("b", 2, ("mode", (object)"fast"), ("x", 2)),
            Pass("c", 3, ("mode", (object)"Fast"), ("x", 1)),
        ];

        var grid = StudyAnalysis.Surface(passes, "mode", "x");

        Assert.That(grid.X.Bins.Select(b => b.Label), Is.EqualTo(new[] { "Fast", "fast", "slow" }));
        var empty = grid.Cells.Single(c => c.X == 0 && c.Y == 1);
        Assert.That((empty.Count, empty.Mean, empty.Best, empty.BestPassId), Is.EqualTo((0, (double?)null, (double?)null, (string?)null)));
        Assert.That(grid.Cells.Count(c => c.Count == 0), Is.EqualTo(3));
    }

    [Test]
    public void Study_surface_of_an_unknown_input_is_refused()
    {
        Assert.Throws<ArgumentException>(() => StudyAnalysis.Surface([Pass("a", 1, ("x", (object)1))], "x", "nope"));
    }
}
