namespace QuantowerRecorder.Analytics.Stats;

/// <summary>Sums in input order, so the same inputs give the same bits on every platform.</summary>
internal static class Moments
{
    public static double Mean(IReadOnlyList<double> values)
    {
        var sum = 0.0;
        for (var i = 0; i < values.Count; i++)
        {
            sum += values[i];
        }

        return sum / values.Count;
    }

    /// <summary>Sample variance (divides by n − 1); null below two values.</summary>
    public static double? SampleVariance(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
        {
            return null;
        }

        var mean = Mean(values);
        var sum = 0.0;
        for (var i = 0; i < values.Count; i++)
        {
            var d = values[i] - mean;
            sum += d * d;
        }

        return sum / (values.Count - 1);
    }

    public static double? SampleStdDev(IReadOnlyList<double> values) =>
        SampleVariance(values) is { } variance ? Math.Sqrt(variance) : null;

    /// <summary>Population skewness m3 / m2^1.5 and kurtosis m4 / m2² (not excess); null when m2 is 0.</summary>
    public static (double Skewness, double Kurtosis)? Shape(IReadOnlyList<double> values)
    {
        var mean = Mean(values);
        double m2 = 0, m3 = 0, m4 = 0;
        for (var i = 0; i < values.Count; i++)
        {
            var d = values[i] - mean;
            var d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }

        m2 /= values.Count;
        m3 /= values.Count;
        m4 /= values.Count;
        if (m2 <= 0)
        {
            return null;
        }

        return (m3 / (m2 * Math.Sqrt(m2)), m4 / (m2 * m2));
    }
}
