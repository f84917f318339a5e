using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Insight;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>The report's two additions to Insight, worked by hand: calendar returns and the Calmar ratio (docs/metrics.md).</summary>
[TestFixture]
public sealed class ReportInsightTests
{
    private static EquityPoint At(string utc, double equity) =>
        new(DateTime.SpecifyKind(DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc), equity, 0, null);

    [Test]
    public void Monthly_returns_chain_month_closes_and_the_start_point_is_only_the_base()
    {
        var equity = new[]
        {
            At("2026-01-31T23:54:00", 1000), // the run's start, late on 31 January: no January return
            At("2026-02-10T10:00:00", 1100),
            At("2026-02-27T10:00:00", 1050), // February's close: 1050 / 1000 − 1 = +5 %
            At("2026-03-01T00:00:00", 1071), // stamped at midnight: still February's close, 1071 / 1000 − 1 = +7.1 %
            At("2026-03-15T00:00:00", 963.9), // March: 963.9 / 1071 − 1 = −10 %
            At("2027-01-05T00:00:00", 1156.68), // next January: 1156.68 / 963.9 − 1 = +20 %
        };
        var monthly = PeriodReturns.Monthly(equity);
        Assert.That(monthly.Select(m => (m.Year, m.Month)), Is.EqualTo(new[] { (2026, (int?)2), (2026, 3), (2027, 1) }));
        Assert.That(monthly.Select(m => m.Return!.Value), Is.EqualTo(new[] { 0.071, -0.1, 0.2 }).Within(1e-12));
        var annual = PeriodReturns.Annual(equity);
        Assert.That(annual.Select(a => (a.Year, a.Month)), Is.EqualTo(new[] { (2026, (int?)null), (2027, null) }));
        Assert.That(annual.Select(a => a.Return!.Value), Is.EqualTo(new[] { -0.0361, 0.2 }).Within(1e-12));
    }

    [Test]
    public void A_month_after_a_base_of_zero_or_less_has_no_return()
    {
        var monthly = PeriodReturns.Monthly([At("2026-01-01T12:00:00", 0), At("2026-01-05T00:00:00", 10), At("2026-02-05T00:00:00", 20)]);
        Assert.That(monthly.Select(m => m.Return), Is.EqualTo(new double?[] { null, 1.0 }));
        Assert.That(PeriodReturns.Monthly([At("2026-01-01T12:00:00", 100)]), Is.Empty, "a run that never moved past its start");
    }

    [Test]
    public void Calmar_is_cagr_over_max_drawdown_and_null_without_a_drawdown()
    {
        Assert.That(CalmarRatio.Of(12, 8), Is.EqualTo(1.5));
        Assert.That(CalmarRatio.Of(-6, 12), Is.EqualTo(-0.5));
        Assert.That(CalmarRatio.Of(12, 0), Is.Null);
        Assert.That(CalmarRatio.Of(null, 8), Is.Null);
        Assert.That(CalmarRatio.Of(12, null), Is.Null);
    }
}
