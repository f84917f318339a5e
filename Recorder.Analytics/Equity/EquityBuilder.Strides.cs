using QuantowerRecorder.Analytics.Inputs;

namespace QuantowerRecorder.Analytics.Equity;

/// <summary>The curve's strides of bar closes under one base and one factor (<see cref="EquityMarks"/>).</summary>
internal sealed partial class EquityBuilder
{
    // The strides found before the scan's last run, and where that run began: it reached the last point, so more points
    // may lengthen it, while every run before it ended at a point that is still there. A builder that goes on scans from
    // there and gives the strides a scan of every point gives.
    private readonly List<EquityMarks> strides = [];
    private int strideScan;

    // Runs of at least two points that are consecutive bars of one stored series, evenly spaced and each ending one
    // step after its start, under one base and one factor other than 0 (compared bit for bit).
    private List<EquityMarks> MarkedStrides(IReadOnlyList<BarTrack> bars)
    {
        var found = new List<EquityMarks>(this.strides);
        var (i, lastRun, foundBefore) = (this.strideScan, this.strideScan, found.Count);
        while (i < this.marks.Count)
        {
            (lastRun, foundBefore) = (i, found.Count);
            var first = this.marks[i];
            if (first.Track < 0 || first.Factor == 0 || bars[first.Track].Key is not { } key)
            {
                i++;
                continue;
            }

            var track = bars[first.Track];
            var step = track.End[first.Bar] - track.Start[first.Bar];
            var j = i + 1;
            while (j < this.marks.Count && this.marks[j] is var next && next.Track == first.Track && next.Bar == this.marks[j - 1].Bar + 1
                   && next.Base.Equals(first.Base) && next.Factor.Equals(first.Factor)
                   && track.Start[next.Bar] - track.Start[next.Bar - 1] == step && track.End[next.Bar] - track.Start[next.Bar] == step)
            {
                j++;
            }

            if (j - i >= 2 && step > 0)
            {
                found.Add(new EquityMarks(i, j - i, key, first.Base, first.Factor, step));
            }

            i = j;
        }

        this.strides.Clear();
        this.strides.AddRange(found.Take(foundBefore));
        this.strideScan = lastRun;
        return found;
    }

    // Which bar a point marked, under which base and factor; Track −1 for a fill's or the start's point.
    private readonly record struct PointMark(int Track, int Bar, double Base, double Factor)
    {
        public static readonly PointMark None = new(-1, -1, 0, 0);
    }
}
