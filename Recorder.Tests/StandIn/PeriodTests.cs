using NUnit.Framework;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Tests.StandIn;

[TestFixture]
public sealed class PeriodTests
{
    private static readonly Period[] Predefined =
    [
        Period.TICK1, Period.SECOND1, Period.SECOND5, Period.SECOND10, Period.SECOND15, Period.SECOND30, Period.MIN1, Period.MIN2,
        Period.MIN3, Period.MIN4, Period.MIN5, Period.MIN10, Period.MIN15, Period.MIN30, Period.HOUR1, Period.HOUR2, Period.HOUR3,
        Period.HOUR4, Period.HOUR6, Period.HOUR8, Period.HOUR12, Period.DAY1, Period.WEEK1, Period.MONTH1, Period.YEAR1,
    ];

    [Test]
    public void ToString_is_multiplier_dash_base_name_and_Format_is_the_short_form()
    {
        Assert.That(Period.MIN5.ToString(), Is.EqualTo("5 - Minute"));
        Assert.That(Period.MIN5.Format(), Is.EqualTo("5m"));
        Assert.That(Period.HOUR4.Format(), Is.EqualTo("4H"));
        Assert.That(Period.MONTH1.Format(), Is.EqualTo("1M"));
        Assert.That(new Period(BasePeriod.Tick, 100).Format(), Is.EqualTo("100ticks"));
        Assert.That(new HistoryAggregationTime(Period.MIN5, HistoryType.Last).ToString(), Is.EqualTo("Time - 5m"));
    }

    [Test]
    public void Short_units_follow_the_spec()
    {
        var units = Enum.GetValues<BasePeriod>().Select(Period.BasePeriodToShortString);

        Assert.That(units, Is.EqualTo(new[] { "ticks", "s", "m", "H", "D", "W", "M", "Y" }));
    }

    [TestCaseSource(nameof(Predefined))]
    public void TryParse_round_trips_ToString(Period period)
    {
        Assert.That(Period.TryParse(period.ToString(), out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(period));
    }

    [TestCase(" 15 -  minute ", BasePeriod.Minute, 15)]
    [TestCase("2-HOUR", BasePeriod.Hour, 2)]
    public void TryParse_trims_and_ignores_case(string text, BasePeriod basePeriod, int multiplier)
    {
        Assert.That(Period.TryParse(text, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(new Period(basePeriod, multiplier)));
    }

    [TestCase("5m")]
    [TestCase("5 min")]
    [TestCase("x - Minute")]
    [TestCase("5 - Fortnight")]
    [TestCase("")]
    public void TryParse_rejects_other_forms(string text)
    {
        Assert.That(Period.TryParse(text, out _), Is.False);
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void The_constructor_rejects_a_multiplier_of_zero_or_less(int multiplier)
    {
        Assert.That(() => new Period(BasePeriod.Minute, multiplier), Throws.ArgumentException);
    }

    [Test]
    public void Ticks_and_Duration_follow_the_base_period()
    {
        Assert.That(Period.MIN5.Ticks, Is.EqualTo(TimeSpan.FromMinutes(5).Ticks));
        Assert.That(Period.MONTH1.Duration, Is.EqualTo(TimeSpan.FromDays(30)));
        Assert.That(Period.YEAR1.Duration, Is.EqualTo(TimeSpan.FromDays(365)));
        Assert.That(new Period(BasePeriod.Tick, 10).Ticks, Is.EqualTo(-10));
    }

    [Test]
    public void Default_is_tick_zero_and_comparison_uses_ticks()
    {
        var none = default(Period);

        Assert.That((none.BasePeriod, none.PeriodMultiplier), Is.EqualTo((BasePeriod.Tick, 0)));
        Assert.That(Period.MIN5 > Period.MIN1, Is.True);
        Assert.That(Period.HOUR1 == new Period(BasePeriod.Minute, 60), Is.False, "== compares base and multiplier");
        Assert.That(Period.HOUR1 <= new Period(BasePeriod.Minute, 60), Is.True, "<= compares ticks");
    }
}
