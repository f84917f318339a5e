namespace QuantowerRecorder.Analytics.Stats;

/// <summary>Quantiles by linear interpolation between order statistics (Hyndman–Fan type 7, numpy's default).</summary>
internal static class Quantile
{
    /// <summary><paramref name="sorted"/> must be ascending and non-empty; <paramref name="p"/> in [0, 1].</summary>
    public static double OfSorted(IReadOnlyList<double> sorted, double p)
    {
        var h = (sorted.Count - 1) * p;
        var lo = (int)Math.Floor(h);
        if (lo >= sorted.Count - 1)
        {
            return sorted[^1];
        }

        return sorted[lo] + ((h - lo) * (sorted[lo + 1] - sorted[lo]));
    }

    /// <summary>Sorts a copy; null when empty.</summary>
    public static double? Of(IEnumerable<double> values, double p)
    {
        var sorted = values.ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        Array.Sort(sorted);
        return OfSorted(sorted, p);
    }
}
