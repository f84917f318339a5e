using System.Data.Common;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Queries.Sql;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>One stored run_equity row: a point, and how many more points follow it at the same values, evenly spaced.</summary>
/// <param name="Seq">The first point's number (the points it stands for are Seq … Seq + Repeats).</param>
/// <param name="Point">The first point.</param>
/// <param name="Repeats">Points after the first with the same equity, drawdown and drawdown percent.</param>
/// <param name="StepTicks">Time between consecutive points of the stretch, in 100-ns ticks (0 when Repeats is 0).</param>
public readonly record struct EquityStretch(long Seq, EquityPoint Point, long Repeats, long StepTicks);

/// <summary>
/// How run_equity stores a curve (docs/metrics.md, "Equity curve"): a flat run has the same equity at every bar end
/// while no position is open, so points with values equal to the previous point's and an unchanged time step are
/// folded into that point's row (repeats, repeat_step_ticks) and unfolded on read. Rows of files written before
/// (repeats 0) read as they always did.
/// </summary>
public static class EquityStretches
{
    public static List<EquityStretch> Fold(IReadOnlyList<EquityPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var rows = new List<EquityStretch>();
        var i = 0;
        while (i < points.Count)
        {
            var first = points[i];
            long repeats = 0, step = 0;
            var j = i + 1;
            while (j < points.Count && SameValues(first, points[j]))
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

            rows.Add(new EquityStretch(i + 1, first, repeats, step));
            i = j;
        }

        return rows;
    }

    /// <summary>
    /// A run's curve point by point from run_equity in a file or the team store. Columns are found by name, so a file
    /// older than the folded rows (no repeats column) reads too.
    /// </summary>
    public static List<EquityRow> Read(DbConnection connection, string runId)
    {
        int repeats = -2, step = -1;
        var stored = Rows.Query(connection, "SELECT * FROM run_equity WHERE run_id = @run ORDER BY seq", r =>
        {
            if (repeats == -2)
            {
                repeats = Column(r, "repeats");
                step = Column(r, "repeat_step_ticks");
            }

            var row = new EquityRow(r.Integer(r.GetOrdinal("seq")), r.GetString(r.GetOrdinal("ts_utc")), r.GetDouble(r.GetOrdinal("equity")),
                r.GetDouble(r.GetOrdinal("drawdown")), r.Real(r.GetOrdinal("drawdown_pct")));
            return (row, repeats < 0 ? 0 : r.Integer(repeats), step < 0 ? 0 : r.Integer(step));
        }, ("@run", runId));
        return Unfold(stored);
    }

    private static int Column(DbDataReader reader, string name) =>
        Enumerable.Range(0, reader.FieldCount).FirstOrDefault(i => string.Equals(reader.GetName(i), name, StringComparison.OrdinalIgnoreCase), -1);

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
}
