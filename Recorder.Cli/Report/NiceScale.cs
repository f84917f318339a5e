namespace QuantowerRecorder.Cli.Report;

/// <summary>Round steps and tick values for axes: 1, 2, 2.5 or 5 × 10^k apart.</summary>
internal static class NiceScale
{
    /// <summary>The smallest round step ≥ <paramref name="raw"/> (raw &gt; 0).</summary>
    public static double Step(double raw) => Step(raw, [1.0, 2.0, 2.5, 5.0, 10.0]);

    /// <summary>The smallest step ≥ <paramref name="raw"/> among the mantissas (the last one 10) × 10^k.</summary>
    public static double Step(double raw, double[] mantissas)
    {
        if (!(raw > 0) || !double.IsFinite(raw))
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        // Rounded so that a step that is already round comes back equal to itself.
        return mantissas.Select(m => Math.Round(m * magnitude, 12)).First(s => s >= raw * (1 - 1e-12));
    }

    /// <summary>Multiples of a round step covering [min, max] with about <paramref name="count"/> intervals.</summary>
    public static IReadOnlyList<double> Ticks(double min, double max, int count)
    {
        if (!(max > min))
        {
            return [min];
        }

        var step = Step((max - min) / count);
        var ticks = new List<double>();
        for (var i = Math.Ceiling((min / step) - 1e-9); i * step <= max + (step * 1e-9); i++)
        {
            ticks.Add(Math.Abs(i) < 1e-9 ? 0 : i * step);
        }

        return ticks;
    }
}
