namespace QuantowerRecorder.Analytics.Study;

/// <summary>
/// The passes' returns as a complete T × N matrix (one column per pass, id order). Passes without any return take
/// no part; a period is kept only when every other pass has a finite return in it (a shorter series is missing its
/// last periods), because every split must compare the passes over the same periods.
/// </summary>
internal sealed class ReturnsMatrix
{
    private ReturnsMatrix(double[][] columns, int periods, int dropped)
    {
        this.Columns = columns;
        this.Periods = periods;
        this.Dropped = dropped;
    }

    /// <summary>Columns[pass][period], periods kept only.</summary>
    public double[][] Columns { get; }

    public int Periods { get; }

    /// <summary>Periods of the longest series that were left out because some pass had no finite return in them.</summary>
    public int Dropped { get; }

    public static ReturnsMatrix From(IReadOnlyList<StudyPass> passes)
    {
        var taking = passes.Where(p => p.Returns.Count > 0).ToArray();
        var longest = taking.Length == 0 ? 0 : taking.Max(p => p.Returns.Count);
        var kept = new List<int>(longest);
        for (var t = 0; t < longest; t++)
        {
            var complete = true;
            foreach (var pass in taking)
            {
                if (t >= pass.Returns.Count || !double.IsFinite(pass.Returns[t]))
                {
                    complete = false;
                    break;
                }
            }

            if (complete)
            {
                kept.Add(t);
            }
        }

        var columns = new double[taking.Length][];
        for (var j = 0; j < taking.Length; j++)
        {
            var source = taking[j].Returns;
            var column = new double[kept.Count];
            for (var t = 0; t < column.Length; t++)
            {
                column[t] = source[kept[t]];
            }

            columns[j] = column;
        }

        return new ReturnsMatrix(columns, kept.Count, longest - kept.Count);
    }
}
