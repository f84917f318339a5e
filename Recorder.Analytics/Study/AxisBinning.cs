using System.Globalization;

namespace QuantowerRecorder.Analytics.Study;

/// <summary>
/// Puts the passes of a study into the bins of one input: one bin per distinct value when there are at most
/// <c>bins</c> of them (or the input is text), else <c>bins</c> equal-width bins over the study's range.
/// </summary>
internal static class AxisBinning
{
    public static (SurfaceAxis Axis, int[] BinOfPass) Of(StudyInputs inputs, string name, int bins)
    {
        if (inputs.Numbers(name) is not { } values)
        {
            var texts = inputs.Texts(name);
            var distinct = texts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            var index = distinct.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
            var axis = new SurfaceAxis(name, SurfaceMethod.DistinctValues, distinct.Select(t => new SurfaceBin(t, null, null)).ToArray());
            return (axis, texts.Select(t => index[t]).ToArray());
        }

        var sorted = values.Distinct().Order().ToArray();
        if (sorted.Length <= bins)
        {
            var axis = new SurfaceAxis(name, SurfaceMethod.DistinctValues, sorted.Select(v => new SurfaceBin(Format(v), v, v)).ToArray());
            return (axis, values.Select(v => Array.BinarySearch(sorted, v)).ToArray());
        }

        // More distinct values than bins (a random search): equal widths, so a cell's count shows how densely the
        // optimiser sampled there; the last bin is closed so that the maximum belongs to it.
        var min = sorted[0];
        var max = sorted[^1];
        var width = (max - min) / bins;
        var edges = new SurfaceBin[bins];
        for (var b = 0; b < bins; b++)
        {
            var low = min + (b * width);
            var high = b == bins - 1 ? max : min + ((b + 1) * width);
            edges[b] = new SurfaceBin($"[{Format(low)}, {Format(high)}{(b == bins - 1 ? "]" : ")")}", low, high);
        }

        var binOf = values.Select(v => Math.Min(bins - 1, (int)((v - min) / width))).ToArray();
        return (new SurfaceAxis(name, SurfaceMethod.EqualWidthBins, edges), binOf);
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
