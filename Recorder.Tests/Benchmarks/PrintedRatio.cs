using System.Text.Json;
using NUnit.Framework;

namespace QuantowerRecorder.Tests.Benchmarks;

/// <summary>
/// A benchmark's printed ratio against the two figures it prints beside it. Each figure is printed to the millisecond
/// and the ratio, to three decimals, from the unrounded ones: the ratio of the printed figures may differ from it by the
/// ratio's own rounding plus what each figure's rounding moves it.
/// </summary>
internal static class PrintedRatio
{
    private const double Rounding = 0.0005;

    /// <summary>Asserts that <paramref name="ratioKey"/> is <paramref name="value"/> over <paramref name="baseline"/>, as printed.</summary>
    public static void Is(JsonElement root, string ratioKey, double value, double baseline)
    {
        var expected = value / baseline;
        var tolerance = Rounding + ((Rounding + (expected * Rounding)) / baseline);
        Assert.That(root.GetProperty(ratioKey).GetDouble(), NUnit.Framework.Is.EqualTo(expected).Within(tolerance), ratioKey);
    }
}
