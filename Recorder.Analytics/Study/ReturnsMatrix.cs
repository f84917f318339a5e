namespace QuantowerRecorder.Analytics.Study;

/// <summary>
/// The passes' returns as a complete T × N matrix (one column per pass, id order). Passes without any return take
/// no part; a period is kept only when every other pass has a finite return in it (a shorter series is missing its
/// last periods), because every split must compare the passes over the same periods.
/// </summary>
/// <param name="Columns">Columns[pass][period], periods kept only.</param>
/// <param name="Periods">The periods kept.</param>
/// <param name="Dropped">Periods of the longest series that were left out because some pass had no finite return in them.</param>
internal sealed record ReturnsMatrix(double[][] Columns, int Periods, int Dropped)
{
    public static ReturnsMatrix From(IReadOnlyList<StudyPass> passes)
    {
        var taking = passes.Where(p => p.Returns.Count > 0).ToArray();
        var longest = taking.Select(p => p.Returns.Count).DefaultIfEmpty().Max();
        var kept = Enumerable.Range(0, longest)
            .Where(t => taking.All(p => t < p.Returns.Count && double.IsFinite(p.Returns[t])))
            .ToArray();
        var columns = taking.Select(p => kept.Select(t => p.Returns[t]).ToArray()).ToArray();
        return new ReturnsMatrix(columns, kept.Length, longest - kept.Length);
    }
}
