using System.Data.Common;
using Dapper;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>One stored run_equity row: a point, and how many more points follow it at the same values, evenly spaced.</summary>
/// <param name="Seq">The first point's number (the points it stands for are Seq … Seq + Repeats).</param>
/// <param name="Point">The first point.</param>
/// <param name="Repeats">Points after the first with the same equity, drawdown and drawdown percent.</param>
/// <param name="StepTicks">Time between consecutive points of the stride, in 100-ns ticks (0 when Repeats is 0).</param>
public readonly record struct EquityStride(long Seq, EquityPoint Point, long Repeats, long StepTicks);

/// <summary>
/// One equity_data row: a point (its time, its equity) with the points that repeat it, or a stride marked on the bars
/// of <paramref name="MarkSeries"/> (the equity column its base, <paramref name="MarkFactor"/> its factor).
/// </summary>
internal readonly record struct StoredEquityRow(long Seq, long Ts, double Equity, long Repeats, long StepTicks, string? MarkSeries, double? MarkFactor)
{
    public static StoredEquityRow Of(EquityStride stride) =>
        new(stride.Seq, Writing.Bars.BarState.Ticks(stride.Point.TimeUtc), stride.Point.Equity, stride.Repeats, stride.StepTicks, null, null);
}

/// <summary>
/// How run_equity stores a curve (docs/metrics.md, "Equity curve"): a flat run has the same equity at every bar end
/// while no position is open, so points with values equal to the previous point's and an unchanged time step are
/// folded into that point's row (repeats, repeat_step_ticks) and unfolded on read. Rows of files written before
/// (repeats 0) read as they always did.
/// </summary>
public static class EquityStrides
{
    public static List<EquityStride> Fold(IReadOnlyList<EquityPoint> points) => Fold(points, 0, points?.Count ?? 0);

    /// <summary>
    /// The rows equity_data keeps for a curve (schema 19): a stride marked on one series' bars
    /// (<see cref="EquityMarks"/>) is one row that refers to them — its first point's time, its base as the equity, its
    /// factor, its series, the points after the first as repeats and the bars' step — and run_equity computes each
    /// point as base + factor × the bar's close; the points between such strides are folded as before.
    /// </summary>
    internal static List<StoredEquityRow> Stored(IReadOnlyList<EquityPoint> points, IReadOnlyList<EquityMarks> marks)
    {
        var rows = new List<StoredEquityRow>();
        AddStored(rows, points, StoredMarks(marks), 0);
        return rows;
    }

    /// <summary>The strides <see cref="Stored"/> keeps as rows of their own: those of at least two points, in order.</summary>
    internal static EquityMarks[] StoredMarks(IReadOnlyList<EquityMarks> marks)
    {
        ArgumentNullException.ThrowIfNull(marks);
        return marks.Where(m => m.Count >= 2).OrderBy(m => m.First).ToArray();
    }

    /// <summary>
    /// Adds to <paramref name="rows"/> the rows <see cref="Stored"/> gives from point <paramref name="from"/> on, where a
    /// row begins and no stride of <paramref name="stored"/> (<see cref="StoredMarks"/>) holds an earlier point and a later
    /// one: the rows before it stand for the points before it.
    /// </summary>
    internal static void AddStored(List<StoredEquityRow> rows, IReadOnlyList<EquityPoint> points, EquityMarks[] stored, int from)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var (mark, folded) in Split(points, stored, from))
        {
            if (mark is { } m)
            {
                rows.Add(new StoredEquityRow(m.First + 1, Ticks(points[m.First]), m.Base, m.Count - 1, m.StepTicks, m.SeriesKey, m.Factor));
            }
            else
            {
                rows.AddRange(folded.Select(StoredEquityRow.Of));
            }
        }
    }

    /// <summary>
    /// The rows run_equity shows for a curve stored as <see cref="Stored"/> keeps it: each point of a marked stride a
    /// row of its own (the view computes them from the bars), the points between folded. The team store keeps these
    /// rows, so a run's rows are the same whether pushed from its file or analysed in the team store.
    /// </summary>
    public static List<EquityStride> ViewRows(IReadOnlyList<EquityPoint> points, IReadOnlyList<EquityMarks> marks) =>
        Split(points, StoredMarks(marks), 0).SelectMany(piece => piece.Mark is { } mark
            ? Enumerable.Range(mark.First, mark.Count).Select(i => new EquityStride(i + 1, points[i], 0, 0))
            : piece.Folded).ToList();

    // The one rule both shapes follow: the marked strides of at least two points (StoredMarks), in order, and the points
    // between them folded; from point `from` on.
    private static IEnumerable<(EquityMarks? Mark, List<EquityStride> Folded)> Split(IReadOnlyList<EquityPoint> points, EquityMarks[] stored, int from)
    {
        ArgumentNullException.ThrowIfNull(points);
        var at = from;
        foreach (var mark in stored.Where(m => m.First >= from))
        {
            yield return (null, Fold(points, at, mark.First));
            yield return (mark, []);
            at = mark.First + mark.Count;
        }

        yield return (null, Fold(points, at, points.Count));
    }

    private static long Ticks(EquityPoint point) => Writing.Bars.BarState.Ticks(point.TimeUtc);

    // Points from .. to − 1, numbered as in the whole curve (seq = index + 1).
    private static List<EquityStride> Fold(IReadOnlyList<EquityPoint> points, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(points);
        var rows = new List<EquityStride>();
        var i = from;
        while (i < to)
        {
            var first = points[i];
            long repeats = 0, step = 0;
            var j = i + 1;
            while (j < to && SameValues(first, points[j]))
            {
                var gap = points[j].TimeUtc.Ticks - points[j - 1].TimeUtc.Ticks;
                if (repeats > 0 && gap != step)
                {
                    break;
                }

                step = gap;
                repeats++;
                j++;
            }

            rows.Add(new EquityStride(i + 1, first, repeats, step));
            i = j;
        }

        return rows;
    }

    /// <summary>
    /// A run's curve point by point from run_equity in a file or the team store. Columns are found by name, so a file
    /// older than the folded rows (no repeats column) reads too: its rows repeat nothing.
    /// </summary>
    public static List<EquityRow> Read(DbConnection connection, string runId) => Unfold(
        connection.Query<StoredPoint>("SELECT * FROM run_equity WHERE run_id = @run ORDER BY seq", new { run = runId })
            .Select(p => (new EquityRow(p.Seq, p.TsUtc, p.Equity, p.Drawdown, p.DrawdownPct), p.Repeats, p.RepeatStepTicks)));

    /// <summary>Every point the stored rows stand for, in order, as today's readers expect them.</summary>
    public static List<EquityRow> Unfold(IEnumerable<(EquityRow Row, long Repeats, long StepTicks)> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var points = new List<EquityRow>();
        foreach (var (row, repeats, step) in stored)
        {
            points.Add(row);
            if (repeats <= 0)
            {
                continue;
            }

            var start = Timestamps.Parse(row.TsUtc).Ticks;
            for (long k = 1; k <= repeats; k++)
            {
                points.Add(row with { Seq = row.Seq + k, TsUtc = Timestamps.Format(new DateTime(start + (k * step), DateTimeKind.Utc)) });
            }
        }

        return points;
    }

    // Bitwise equality: a folded point must read back exactly as it was computed.
    private static bool SameValues(EquityPoint a, EquityPoint b) =>
        Bits(a.Equity) == Bits(b.Equity) && Bits(a.Drawdown) == Bits(b.Drawdown)
        && a.DrawdownPct.HasValue == b.DrawdownPct.HasValue && Bits(a.DrawdownPct ?? 0) == Bits(b.DrawdownPct ?? 0);

    private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);

    private sealed record StoredPoint
    {
        public long Seq { get; init; }

        public string TsUtc { get; init; } = "";

        public double Equity { get; init; }

        public double Drawdown { get; init; }

        public double? DrawdownPct { get; init; }

        public long Repeats { get; init; }

        public long RepeatStepTicks { get; init; }
    }
}
