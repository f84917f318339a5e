using QuantowerRecorder.Analytics.Inputs;

namespace QuantowerRecorder.Analytics.Equity;

/// <summary>The curve's strides of bar closes under one base and one factor (<see cref="EquityMarks"/>).</summary>
internal sealed partial class EquityBuilder
{
    // Runs of at least two points that are consecutive bars of one stored series, evenly spaced and each ending one
    // step after its start, under one base and one factor other than 0 (compared bit for bit).
    private List<EquityMarks> MarkedStrides(IReadOnlyList<BarTrack> bars)
    {
        var strides = new List<EquityMarks>();
        var i = 0;
        while (i < this.marks.Count)
        {
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
                strides.Add(new EquityMarks(i, j - i, key, first.Base, first.Factor, step));
            }

            i = j;
        }

        return strides;
    }

    // Which bar a point marked, under which base and factor; Track −1 for a fill's or the start's point.
    private readonly record struct PointMark(int Track, int Bar, double Base, double Factor)
    {
        public static readonly PointMark None = new(-1, -1, 0, 0);
    }
}
