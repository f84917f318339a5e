namespace QuantowerRecorder.Analytics.Study;

/// <summary>
/// The objective over one or two inputs, binned (<see cref="AxisBinning"/>), never interpolated: each cell holds the
/// passes that fall in it, their mean objective and the best of them.
/// </summary>
internal static class Surfaces
{
    public static Surface Build(StudyInputs inputs, string x, string? y, StudyOptions options)
    {
        var (xAxis, xOf) = AxisBinning.Of(inputs, x, options.Bins);
        SurfaceAxis? yAxis = null;
        var yOf = new int[inputs.Count];
        if (y is not null)
        {
            (yAxis, yOf) = AxisBinning.Of(inputs, y, options.Bins);
        }

        var width = xAxis.Bins.Count;
        var cellCount = width * (yAxis?.Bins.Count ?? 1);
        var sums = new double[cellCount];
        var counts = new int[cellCount];
        var best = new int[cellCount];
        Array.Fill(best, -1);
        for (var i = 0; i < inputs.Count; i++)
        {
            var c = (yOf[i] * width) + xOf[i];
            sums[c] += inputs.Objectives[i];
            counts[c]++;
            if (best[c] < 0 || StudyInputs.Better(inputs.Objectives[i], inputs.Objectives[best[c]], options.HigherIsBetter))
            {
                best[c] = i;
            }
        }

        var cells = new SurfaceCell[cellCount];
        for (var c = 0; c < cellCount; c++)
        {
            cells[c] = counts[c] == 0
                ? new SurfaceCell(c % width, c / width, 0, null, null, null)
                : new SurfaceCell(c % width, c / width, counts[c], sums[c] / counts[c], inputs.Objectives[best[c]], inputs.Passes[best[c]].Id);
        }

        var top = inputs.Best(options.HigherIsBetter);
        return new Surface(xAxis, yAxis, cells, inputs.Count, top < 0 ? null : inputs.Passes[top].Id);
    }
}
