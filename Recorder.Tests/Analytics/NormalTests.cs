using NUnit.Framework;
using QuantowerRecorder.Analytics.Stats;

namespace QuantowerRecorder.Tests.Analytics;

public sealed class NormalTests
{
    [TestCase(0.0, 0.5)]
    [TestCase(-3.0, 0.0013498980316301035)]
    [TestCase(1.959963984540054, 0.975)]
    [TestCase(-8.0, 6.220960574271785e-16)]
    public void Cdf_matches_reference_values(double x, double expected) =>
        Assert.That(Normal.Cdf(x), Is.EqualTo(expected).Within(Math.Max(1e-14, expected * 1e-9)));

    [TestCase(0.975, 1.959963984540054)]
    [TestCase(0.5, 0.0)]
    [TestCase(1e-6, -4.753424308822899)]
    [TestCase(0.99, 2.3263478740408408)]
    public void Inverse_cdf_matches_reference_values(double p, double expected) =>
        Assert.That(Normal.InverseCdf(p), Is.EqualTo(expected).Within(1e-9));
}
