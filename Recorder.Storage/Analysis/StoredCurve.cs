using System.Runtime.InteropServices;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>
/// A run's equity curve as one analysis stored it: the points as computed, rounded (<see cref="StoredPrecision.Equity(IReadOnlyList{EquityPoint})"/>)
/// and kept as equity_data's rows (<see cref="EquityStrides.Stored"/>). Kept for the run's next analysis (<see cref="RunFacts"/>,
/// beside the curve's sweep it goes on from), whose curve begins with most of these points: the points it begins with,
/// the same bit for bit, are rounded and folded into rows as they were here, and only the rest is done again. The rounded
/// points and rows are those made whole, bit for bit: a point's rounding and drawdown depend on it and the points before
/// it alone, and a row on the points it stands for, the point after it and the strides before it. Never changed once
/// made; an analysis' curve is never changed once computed either.
/// </summary>
internal sealed class StoredCurve
{
    private readonly IReadOnlyList<EquityPoint> points;
    private readonly ChunkedList<EquityPoint> rounded;
    private readonly EquityMarks[] marks;
    private readonly List<StoredEquityRow> rows;
    private readonly int moneyDecimals;

    private StoredCurve(IReadOnlyList<EquityPoint> points, ChunkedList<EquityPoint> rounded, EquityMarks[] marks, List<StoredEquityRow> rows, int moneyDecimals) =>
        (this.points, this.rounded, this.marks, this.rows, this.moneyDecimals) = (points, rounded, marks, rows, moneyDecimals);

    /// <summary>The points rounded at the analysis' precision.</summary>
    public IReadOnlyList<EquityPoint> Rounded => rounded;

    /// <summary>equity_data's rows.</summary>
    public IReadOnlyList<StoredEquityRow> Rows => rows;

    /// <summary>The rounded points and rows went on from this many of an earlier curve's (tests).</summary>
    internal (int Points, int Rows) WentOn { get; private init; }

    /// <summary>
    /// <paramref name="curve"/> as stored at <paramref name="precision"/>, going on from <paramref name="earlier"/> (the same
    /// run's last stored curve, if any) where the points begin the same: what the store writes, and what the next goes on from.
    /// </summary>
    public static StoredCurve Of(CurvedAnalysis curve, StoredPrecision precision, StoredCurve? earlier)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(precision);
        var points = curve.Equity;
        var stored = EquityStrides.StoredMarks(curve.EquityMarks);
        var same = earlier is not null && earlier.moneyDecimals == precision.MoneyDecimals ? earlier.SameStart(points) : 0;
        // The rounded points it shares with the earlier curve are held, not copied (whole chunks of them).
        var rounded = earlier is null ? new ChunkedList<EquityPoint>() : earlier.rounded.Continue(same, same);
        rounded.EnsureCapacity(points.Count);
        precision.Equity(points, rounded);
        var (kept, from) = earlier is null ? (0, 0) : earlier.RowsBefore(same, stored);
        var rows = new List<StoredEquityRow>(kept + Math.Max(16, (points.Count - from) / 4));
        rows.AddRange(earlier is null ? [] : CollectionsMarshal.AsSpan(earlier.rows)[..kept]);
        EquityStrides.AddStored(rows, rounded, stored, from);
        // The rounded points and rows are handed on as they are (read-only lists), not copied: nothing changes them.
        return new StoredCurve(points, rounded, stored, rows, precision.MoneyDecimals) { WentOn = (same, kept) };
    }

    // How many points `next` begins with that are this curve's, bit for bit: those in chunks both curves hold are the
    // same by construction (ChunkedList.SharedLength), the rest are compared.
    private int SameStart(IReadOnlyList<EquityPoint> next)
    {
        var most = Math.Min(points.Count, next.Count);
        var i = points is ChunkedList<EquityPoint> mine && next is ChunkedList<EquityPoint> theirs ? ChunkedList<EquityPoint>.SharedLength(mine, theirs) : 0;
        while (i < most && Same(points[i], next[i]))
        {
            i++;
        }

        return i;
    }

    // The rows a curve whose first `same` points are this one's and whose stored strides are `next` begins with: this
    // curve's rows before the first row that does not settle, and the point that row begins at. A row begins where the
    // folded row before it ended because the next point differed, or where a stride begins; so the rows before a folded
    // row of this curve that begins at a point both curves share are the same in both, where both have the same strides
    // before it (a stride of either that begins before it ends before it). A stride of this curve that begins at a
    // shared point is not such a row: the folded row before it may have ended only because it began.
    private (int Rows, int From) RowsBefore(int same, EquityMarks[] next)
    {
        var limit = same - 1;
        while (limit > 0)
        {
            var r = LastFoldedRowAtOrBefore(limit);
            if (r <= 0)
            {
                return (0, 0);
            }

            var from = (int)(rows[r].Seq - 1);
            var differs = FirstDifferentStride(next, from);
            if (differs is null)
            {
                return (r, from);
            }

            limit = differs.Value;
        }

        return (0, 0);
    }

    // The last row that begins at or before point `limit` and folds points (not a stride's), or −1.
    private int LastFoldedRowAtOrBefore(int limit)
    {
        int lo = 0, hi = rows.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (rows[mid].Seq - 1 <= limit)
            {
                (found, lo) = (mid, mid + 1);
            }
            else
            {
                hi = mid - 1;
            }
        }

        while (found >= 0 && rows[found].MarkSeries is not null)
        {
            found--;
        }

        return found;
    }

    // Where the strides that begin before point `from` first differ between this curve and `next` (the earlier first
    // point of the two strides), or null when they are the same.
    private int? FirstDifferentStride(EquityMarks[] next, int from)
    {
        var k = 0;
        while (true)
        {
            var mine = k < marks.Length && marks[k].First < from ? marks[k] : (EquityMarks?)null;
            var theirs = k < next.Length && next[k].First < from ? next[k] : (EquityMarks?)null;
            if (mine is null && theirs is null)
            {
                return null;
            }

            if (mine is not { } a || theirs is not { } b || !Same(a, b))
            {
                return Math.Min(mine?.First ?? int.MaxValue, theirs?.First ?? int.MaxValue);
            }

            k++;
        }
    }

    private static bool Same(in EquityPoint a, in EquityPoint b) =>
        a.TimeUtc.ToBinary() == b.TimeUtc.ToBinary() && Bits(a.Equity) == Bits(b.Equity) && Bits(a.Drawdown) == Bits(b.Drawdown)
        && a.DrawdownPct.HasValue == b.DrawdownPct.HasValue && Bits(a.DrawdownPct ?? 0) == Bits(b.DrawdownPct ?? 0);

    private static bool Same(in EquityMarks a, in EquityMarks b) =>
        a.First == b.First && a.Count == b.Count && a.StepTicks == b.StepTicks && string.Equals(a.SeriesKey, b.SeriesKey, StringComparison.Ordinal)
        && Bits(a.Base) == Bits(b.Base) && Bits(a.Factor) == Bits(b.Factor);

    private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);
}
