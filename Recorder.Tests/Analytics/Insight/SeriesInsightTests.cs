using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Insight;

namespace QuantowerRecorder.Tests.Analytics.Insight;

public sealed class SeriesInsightTests
{
    private const double Tol = 1e-9;
    private static readonly DateOnly D0 = new(2024, 1, 2);

    private static DailyValue[] Days(params double[] values) => values.Select((v, i) => new DailyValue(D0.AddDays(i), v)).ToArray();

    [Test]
    public void Rolling_sharpe_and_volatility_over_the_window()
    {
        // Window 3, P = 4 (√P = 2). [0.01, 0.03, −0.01]: mean 0.01, squares 0 + 0.0004 + 0.0004 = 0.0008, /2 → std 0.02.
        // Sharpe = 0.01 / 0.02 × 2 = 1; volatility = 0.02 × 2 × 100 = 4. [0.03, −0.01, 0.01] is the same set.
        var points = RollingStats.Compute(Days(0.01, 0.03, -0.01, 0.01), window: 3, periodsPerYear: 4);

        Assert.That(points.Select(p => p.Day), Is.EqualTo(new[] { D0.AddDays(2), D0.AddDays(3) }));
        Assert.That(points[0].Sharpe, Is.EqualTo(1).Within(Tol));
        Assert.That(points[0].VolatilityPct, Is.EqualTo(4).Within(Tol));
        Assert.That(points[1].Sharpe, Is.EqualTo(1).Within(Tol));
    }

    [Test]
    public void Rolling_window_without_variation_has_no_sharpe_and_a_short_series_no_points()
    {
        Assert.That(RollingStats.Compute(Days(0.01, 0.01), window: 2).Single().Sharpe, Is.Null);
        Assert.That(RollingStats.Compute(Days(0.01, 0.02), window: 3), Is.Empty);
    }

    [Test]
    public void Daily_returns_from_equity_use_each_days_last_point()
    {
        var t = new DateTime(2024, 1, 2, 9, 0, 0, DateTimeKind.Utc);
        var equity = new[]
        {
            new EquityPoint(t, 1000, 0, 0),
            new EquityPoint(t.AddHours(6), 1010, 0, 0),
            new EquityPoint(t.AddHours(25), 1030.2, 0, 0),
        };

        // Day 1: 1010 / 1000 − 1 = 0.01; day 2: 1030.2 / 1010 − 1 = 0.02.
        var returns = DailyReturns.FromEquity(equity);

        Assert.That(returns.Select(r => r.Day), Is.EqualTo(new[] { D0, D0.AddDays(1) }));
        Assert.That(returns[0].Value, Is.EqualTo(0.01).Within(Tol));
        Assert.That(returns[1].Value, Is.EqualTo(0.02).Within(Tol));
    }

    [Test]
    public void Worst_drawdowns_have_start_valley_recovery_and_length()
    {
        // Daily equity 100, 110, 105, 95, 112, 112, 108, 111, 120, 90.
        // Episode 1: peak 110 (day 1), valley 95 (day 3), back at 112 on day 4: depth 15, 3 days, 15/110 = 13.64 %.
        // Episode 2: peak 112 (day 5, the last point at the peak), valley 108 (day 6), back on day 8: depth 4, 3 days.
        // Episode 3: peak 120 (day 8), 90 on day 9, never recovered: depth 30, 1 day (to the last point), 25 %.
        var t = new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc);
        double[] values = [100, 110, 105, 95, 112, 112, 108, 111, 120, 90];
        var equity = values.Select((v, i) => new EquityPoint(t.AddDays(i), v, 0, null)).ToList();

        var worst = DrawdownEpisodes.Worst(equity);

        Assert.That(worst.Select(e => e.Depth), Is.EqualTo(new[] { 30.0, 15.0, 4.0 }));
        Assert.That(worst[0].StartUtc, Is.EqualTo(t.AddDays(8)));
        Assert.That(worst[0].RecoveryUtc, Is.Null);
        Assert.That(worst[0].Length, Is.EqualTo(TimeSpan.FromDays(1)));
        Assert.That(worst[0].DepthPct, Is.EqualTo(25).Within(Tol));
        Assert.That(worst[1].StartUtc, Is.EqualTo(t.AddDays(1)));
        Assert.That(worst[1].ValleyUtc, Is.EqualTo(t.AddDays(3)));
        Assert.That(worst[1].RecoveryUtc, Is.EqualTo(t.AddDays(4)));
        Assert.That(worst[1].Length, Is.EqualTo(TimeSpan.FromDays(3)));
        Assert.That(worst[1].DepthPct, Is.EqualTo(15.0 / 110 * 100).Within(Tol));
        Assert.That(worst[2].StartUtc, Is.EqualTo(t.AddDays(5)));
        Assert.That(worst[2].RecoveryUtc, Is.EqualTo(t.AddDays(8)));
        Assert.That(DrawdownEpisodes.Worst(equity, count: 2).Select(e => e.Depth), Is.EqualTo(new[] { 30.0, 15.0 }));
        Assert.That(DrawdownEpisodes.Worst(equity, knownBalance: false)[0].DepthPct, Is.Null);
    }

    [Test]
    public void Buy_and_hold_return_correlation_and_beta()
    {
        // Day 1 opens at 100 and closes at 104 (+4 %); day 2 closes 98.8 (−5 %); day 3 closes 102.752 (+4 %).
        // Return = 102.752 / 100 − 1 = 2.752 %.
        var t = new DateTime(2024, 1, 2, 9, 0, 0, DateTimeKind.Utc);
        var bars = new BarSeries("ES",
        [
            new Bar(t, 100, 103, 99, 102, 1),
            new Bar(t.AddHours(1), 102, 105, 101, 104, 1),
            new Bar(t.AddDays(1), 104, 104, 98, 98.8, 1),
            new Bar(t.AddDays(2), 98.8, 103, 98, 102.752, 1),
        ]);
        // Strategy 0.03, −0.01, 0.01 (and a fourth day the bars do not have, left out).
        // Deviations: strategy 0.02, −0.02, 0; benchmark 0.03, −0.06, 0.03.
        // Σ cross = 0.0006 + 0.0012 = 0.0018; Σ b² = 0.0054; Σ s² = 0.0008.
        // Beta = 0.0018 / 0.0054 = 1/3; correlation = 0.0018 / √(0.0008 × 0.0054) = √0.75.
        var strategy = new[]
        {
            new DailyValue(D0, 0.03), new DailyValue(D0.AddDays(1), -0.01), new DailyValue(D0.AddDays(2), 0.01), new DailyValue(D0.AddDays(3), 0.5),
        };

        var b = BuyAndHold.Compute(bars, strategy)!;

        Assert.That(b.ReturnPct, Is.EqualTo(2.752).Within(Tol));
        Assert.That(b.CommonDays, Is.EqualTo(3));
        Assert.That(b.Beta, Is.EqualTo(1.0 / 3).Within(Tol));
        Assert.That(b.Correlation, Is.EqualTo(Math.Sqrt(0.75)).Within(Tol));
        Assert.That(BuyAndHold.Compute(bars, strategy.Take(1).ToList())!.Beta, Is.Null);
    }

    [Test]
    public void Buy_and_hold_line_is_the_balance_held_at_each_bar_end_and_ends_at_the_benchmark_return()
    {
        // 1-hour bars, the second starting two hours after the first (a gap): 10 000 at the first open (100), then
        // × close / 100 at each bar's end — 10 200 at 10:00, 10 400 at 12:00, 10 275.2 at the last bar's end.
        var t = new DateTime(2024, 1, 2, 9, 0, 0, DateTimeKind.Utc);
        var bars = new BarSeries("ES",
        [
            new Bar(t.AddHours(2), 102, 105, 101, 104, 1),
            new Bar(t, 100, 103, 99, 102, 1),
            new Bar(t.AddHours(3), 104, 104, 98, 102.752, 1),
        ]) { BarDuration = TimeSpan.FromHours(1) };

        var line = BuyAndHold.Line(bars, 10_000);

        Assert.That(line.Select(p => p.TimeUtc), Is.EqualTo(new[] { t, t.AddHours(1), t.AddHours(3), t.AddHours(4) }));
        Assert.That(line.Select(p => p.Value), Is.EqualTo(new[] { 10_000, 10_200, 10_400, 10_275.2 }).Within(Tol));
        Assert.That(line[^1].Value, Is.EqualTo(10_000 * (1 + (BuyAndHold.Compute(bars, [])!.ReturnPct / 100))).Within(Tol));
        Assert.That(BuyAndHold.Line(new BarSeries("ES", []), 10_000), Is.Empty);
    }

    [Test]
    public void Buy_and_hold_takes_per_symbol_the_first_series_with_bars()
    {
        var t = new DateTime(2024, 1, 2, 9, 0, 0, DateTimeKind.Utc);
        var empty = new BarSeries("ES", []);
        var es1h = new BarSeries("ES", [new Bar(t, 1, 1, 1, 1, 1)]);
        var es1m = new BarSeries("ES", [new Bar(t, 2, 2, 2, 2, 1)]);
        var nq = new BarSeries("NQ", [new Bar(t, 3, 3, 3, 3, 1)]);

        Assert.That(BuyAndHold.PerSymbol([empty, es1h, nq, es1m]), Is.EqualTo(new[] { es1h, nq }));
    }
}
