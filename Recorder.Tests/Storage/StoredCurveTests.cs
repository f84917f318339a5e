using System.Globalization;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Analysis;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// A running run's analysis keeps its curve as stored (<see cref="StoredCurve"/>: the rounded points and equity_data's
/// rows) and the next one goes on from it: whatever the earlier curve was — a beginning of this one whose last points
/// were still moving, one that differs part-way, one with other strides, one at another precision — the rounded points
/// and rows are those made from the curve whole, bit for bit.
/// </summary>
[TestFixture]
public sealed class StoredCurveTests
{
    private static readonly DateTime T0 = new(2026, 11, 2, 14, 30, 0, DateTimeKind.Utc);
    private static readonly StoredPrecision Usd = StoredPrecision.Of(["USD"]);
    private const long Step = TimeSpan.TicksPerMinute;

    // A curve as an analysis gives it: points a bar's step apart (now and then a fill between two, or a gap), flat for
    // stretches (no position) and moving in between, with strides of consecutive marked bars, some of one point only.
    private static (List<EquityPoint> Points, List<EquityMarks> Marks) Curve(Random random, int count, bool percent)
    {
        var points = new List<EquityPoint>(count);
        var (ticks, equity) = (T0.Ticks, 100_000.0);
        for (var i = 0; i < count; i++)
        {
            ticks += random.Next(10) switch { 0 => Step / 2, 1 => 2 * Step, _ => Step };
            if (random.Next(3) == 0)
            {
                equity += (random.Next(-500, 500) + random.NextDouble()) * 0.37;
            }

            points.Add(new EquityPoint(new DateTime(ticks, DateTimeKind.Utc), equity, random.NextDouble(), percent ? random.NextDouble() : null));
        }

        return (points, Strides(random, 0, count));
    }

    private static List<EquityMarks> Strides(Random random, int from, int to)
    {
        var marks = new List<EquityMarks>();
        var i = from + random.Next(4);
        while (i < to)
        {
            if (random.Next(4) == 0)
            {
                var length = Math.Min(to - i, 1 + random.Next(25));
                marks.Add(Stride(random, i, length));
                i += length;
            }

            i += 1 + random.Next(6);
        }

        return marks;
    }

    private static EquityMarks Stride(Random random, int first, int count) =>
        new(first, count, random.Next(2) == 0 ? "ES 1m" : "NQ 1m", 99_000 + random.Next(2_000), random.Next(1, 4) * 50.0, Step);

    private static StoredCurve Stored(List<EquityPoint> points, List<EquityMarks> marks, StoredCurve? earlier, StoredPrecision? precision = null) =>
        StoredCurve.Of(new CurvedAnalysis(points, marks, []), precision ?? Usd, earlier);

    // What a whole store makes of the curve, as bits.
    private static void AssertAsWhole(StoredCurve went, List<EquityPoint> points,
        List<EquityMarks> marks, string because, StoredPrecision? precision = null)
    {
        var rounded = (precision ?? Usd).Equity(points);
        Assert.That(went.Rounded.Select(Bits), Is.EqualTo(rounded.Select(Bits)), because + ": the rounded points");
        Assert.That(went.Rows.Select(Bits), Is.EqualTo(EquityStrides.Stored(rounded, marks).Select(Bits)), because + ": the rows");
    }

    private static string Bits(EquityPoint p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.TimeUtc.ToBinary()} {BitConverter.DoubleToInt64Bits(p.Equity)} {BitConverter.DoubleToInt64Bits(p.Drawdown)} {(p.DrawdownPct is { } d ? BitConverter.DoubleToInt64Bits(d) : "-")}");

    private static string Bits(StoredEquityRow r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Seq} {r.Ts} {BitConverter.DoubleToInt64Bits(r.Equity)} {r.Repeats} {r.StepTicks} {r.MarkSeries} {(r.MarkFactor is { } f ? BitConverter.DoubleToInt64Bits(f) : "-")}");

    [Test]
    public void Analysis_after_analysis_of_a_growing_run_whose_last_points_still_move_goes_on_from_the_last_and_stores_what_a_whole_store_does()
    {
        var random = new Random(5401);
        var wentOn = 0;
        for (var run = 0; run < 40; run++)
        {
            var (points, marks) = Curve(random, 600 + random.Next(600), percent: run % 2 == 0);
            StoredCurve? kept = null;
            var at = 0;
            while (at < points.Count)
            {
                at = Math.Min(points.Count, at + 1 + random.Next(200));
                // What the analysis saw then: the points so far, its last few (the forming bars) at other values, the
                // stride that reached its end shorter, and the strides after it not yet found.
                var seen = points.Take(at).ToList();
                for (var k = Math.Max(0, at - random.Next(4)); k < at && at < points.Count; k++)
                {
                    seen[k] = seen[k] with { Equity = seen[k].Equity + 1.25 };
                }

                var found = marks.Where(m => m.First < at).Select(m => m.First + m.Count > at ? m with { Count = at - m.First } : m).ToList();
                var went = Stored(seen, found, kept);
                AssertAsWhole(went, seen, found, $"run {run}, {at} points");
                wentOn += went.WentOn.Rows > 0 ? 1 : 0;
                kept = went;
            }
        }

        Assert.That(wentOn, Is.GreaterThan(200), "most analyses went on from the rows of the one before");
    }

    [Test]
    public void A_curve_that_differs_from_the_earlier_one_part_way_or_has_other_strides_goes_on_only_from_the_points_and_rows_both_share()
    {
        var random = new Random(5402);
        var (partly, differs) = (0, 0);
        for (var run = 0; run < 300; run++)
        {
            var (points, marks) = Curve(random, 50 + random.Next(400), percent: run % 3 == 0);
            var earlierPoints = points.Take(points.Count - random.Next(points.Count / 2)).ToList();
            var earlierMarks = marks.Where(m => m.First + m.Count <= earlierPoints.Count).ToList();
            var at = random.Next(earlierPoints.Count);
            switch (run % 4)
            {
                case 0:
                    // A bar that came late, or changed: one point part-way has another value, or another time.
                    earlierPoints[at] = random.Next(2) == 0 ? earlierPoints[at] with { Equity = earlierPoints[at].Equity - 0.01 }
                        : earlierPoints[at] with { TimeUtc = earlierPoints[at].TimeUtc.AddTicks(1) };
                    break;
                case 1:
                    // A stride part-way that the earlier curve did not have, or had otherwise.
                    var k = earlierMarks.FindIndex(m => m.First >= at);
                    if (k >= 0)
                    {
                        earlierMarks[k] = random.Next(2) == 0 ? earlierMarks[k] with { Base = earlierMarks[k].Base + 0.5 }
                            : earlierMarks[k] with { Count = Math.Max(1, earlierMarks[k].Count - 1) };
                    }

                    break;
                case 2:
                    // Strides where the new curve has none, and none where it has some.
                    earlierMarks = [.. earlierMarks.Where(m => m.First < at), .. Strides(random, at, earlierPoints.Count)];
                    earlierMarks.RemoveAll(m => m.First < at && m.First + m.Count > at);
                    break;
                default:
                    // The same points, the drawdown percent missing from one point on (the initial balance learnt).
                    earlierPoints = [.. earlierPoints.Take(at), .. earlierPoints.Skip(at).Select(p => p with { DrawdownPct = p.DrawdownPct is null ? 1.0 : null })];
                    break;
            }

            var kept = Stored(earlierPoints, earlierMarks, null);
            var went = Stored(points, marks, kept);
            AssertAsWhole(went, points, marks, $"case {run}");
            if (run % 4 is 0 or 3)
            {
                Assert.That(went.WentOn.Points, Is.LessThanOrEqualTo(at), $"case {run}: no point at or after the one that differs is taken");
            }

            partly += went.WentOn.Rows > 0 ? 1 : 0;
            differs += went.WentOn.Points < earlierPoints.Count ? 1 : 0;
        }

        Assert.That(partly, Is.GreaterThan(150), "most went on from the rows before the difference");
        Assert.That(differs, Is.GreaterThan(100), "and stopped at it");
    }

    [Test]
    public void A_long_curve_stored_again_holds_the_rounded_points_it_shares_with_the_earlier_one_and_leaves_those_as_they_were()
    {
        var random = new Random(5404);
        var chunk = ChunkedList<EquityPoint>.Size;
        var (points, marks) = Curve(random, 3 * chunk + 900, percent: true);
        var earlier = 2 * chunk + 700;
        var kept = Stored(points.Take(earlier).ToList(), marks.Where(m => m.First + m.Count <= earlier).ToList(), null);
        var keptRounded = kept.Rounded.Select(Bits).ToList();

        var went = Stored(points, marks, kept);

        AssertAsWhole(went, points, marks, "a long curve");
        Assert.That(went.WentOn.Points, Is.EqualTo(earlier));
        // The whole chunks of the shared points are held, not copied.
        Assert.That(ChunkedList<EquityPoint>.SharedLength((ChunkedList<EquityPoint>)kept.Rounded, (ChunkedList<EquityPoint>)went.Rounded), Is.EqualTo(2 * chunk));
        Assert.That(kept.Rounded.Select(Bits), Is.EqualTo(keptRounded), "the earlier curve's rounded points");
    }

    [Test]
    public void An_earlier_curve_at_another_precision_or_none_gives_nothing_to_go_on_from()
    {
        var random = new Random(5403);
        var (points, marks) = Curve(random, 500, percent: true);
        var mixed = StoredPrecision.Of(["USD", "EUR"]);
        var kept = Stored(points.Take(400).ToList(), marks.Where(m => m.First + m.Count <= 400).ToList(), null, mixed);

        var went = Stored(points, marks, kept);
        AssertAsWhole(went, points, marks, "another precision");
        Assert.That(went.WentOn, Is.EqualTo((0, 0)), "money rounded to other decimals is not taken");

        var again = Stored(points, marks, went);
        AssertAsWhole(again, points, marks, "the same curve again");
        Assert.That(again.WentOn.Points, Is.EqualTo(points.Count), "every point is the earlier one's");
        Assert.That(again.WentOn.Rows, Is.GreaterThan(0).And.LessThan(again.Rows.Count), "the rows before the last folded one are taken");

        var first = Stored(points, marks, null);
        AssertAsWhole(first, points, marks, "none before");
        Assert.That(first.WentOn, Is.EqualTo((0, 0)));
    }
}
