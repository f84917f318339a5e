using NUnit.Framework;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Tests.Analytics;

public sealed class RunMetricsTests
{
    private const double Tol = 1e-9;

    // Ten one-lot long trades on one day, no fees, no bars: trade k enters at minute 10k at 100 and exits
    // at minute 10k + 5 at 100 + PnL. Net PnL in exit order: +10 +5 +7 −4 −6 +8 −2 −1 −3 +3.
    private static readonly double[] Pnl = [10, 5, 7, -4, -6, 8, -2, -1, -3, 3];

    private static RunAnalysis TenTrades(double? initialBalance = 1000)
    {
        var scenario = new AnalysisScenario { Context = new RunContext { InitialBalance = initialBalance } };
        for (var k = 0; k < Pnl.Length; k++)
        {
            scenario.Buy(1, 100, 10 * k).Sell(1, 100 + Pnl[k], (10 * k) + 5);
        }

        return scenario.Analyze();
    }

    [Test]
    public void Trade_statistics_of_a_hand_computed_sequence()
    {
        var a = TenTrades();

        // Wins 10, 5, 7, 8, 3 (sum 33); losses −4, −6, −2, −1, −3 (sum −16).
        Assert.That(a.Value(MetricKeys.TradeCount), Is.EqualTo(10));
        Assert.That(a.Value(MetricKeys.Wins), Is.EqualTo(5));
        Assert.That(a.Value(MetricKeys.Losses), Is.EqualTo(5));
        Assert.That(a.Value(MetricKeys.WinRate), Is.EqualTo(50).Within(Tol));
        Assert.That(a.Value(MetricKeys.ProfitFactor), Is.EqualTo(33.0 / 16).Within(Tol));     // 2.0625
        Assert.That(a.Value(MetricKeys.PayoffRatio), Is.EqualTo(6.6 / 3.2).Within(Tol));      // avg win 6.6 / avg loss 3.2
        Assert.That(a.Value(MetricKeys.Expectancy), Is.EqualTo(1.7).Within(Tol));             // 17 / 10
        Assert.That(a.Value(MetricKeys.LargestWin), Is.EqualTo(10).Within(Tol));
        Assert.That(a.Value(MetricKeys.LargestLoss), Is.EqualTo(-6).Within(Tol));
        Assert.That(a.Value(MetricKeys.AverageWin), Is.EqualTo(6.6).Within(Tol));
        Assert.That(a.Value(MetricKeys.AverageLoss), Is.EqualTo(-3.2).Within(Tol));
        Assert.That(a.Value(MetricKeys.LongestWinStreak), Is.EqualTo(3));                     // +10 +5 +7
        Assert.That(a.Value(MetricKeys.LongestLossStreak), Is.EqualTo(3));                    // −2 −1 −3
        Assert.That(a.Value(MetricKeys.AverageHoldingSeconds), Is.EqualTo(300).Within(Tol));  // 5 minutes
        Assert.That(a.Value(MetricKeys.NetPnl), Is.EqualTo(17).Within(Tol));
    }

    [Test]
    public void Drawdown_of_a_hand_computed_equity_path()
    {
        var a = TenTrades();

        // Equity after each exit: 1010 1015 1022 1018 1012 1020 1018 1017 1014 1017.
        // Peak 1022 (reached at minute 25, last seen at the next entry at minute 30), deepest 1012: max drawdown
        // 10 = 0.978474 % of 1022. Never recovers: one episode, average drawdown 10, lasting from the last point at
        // the peak (minute 30) to the last point (minute 95) = 65 min = 0.0451389 days.
        Assert.That(a.Value(MetricKeys.MaxDrawdown), Is.EqualTo(10).Within(Tol));
        Assert.That(a.Value(MetricKeys.MaxDrawdownPct), Is.EqualTo(1000.0 / 1022).Within(Tol));
        Assert.That(a.Value(MetricKeys.AverageDrawdown), Is.EqualTo(10).Within(Tol));
        Assert.That(a.Value(MetricKeys.LongestDrawdownDays), Is.EqualTo(65.0 / 1440).Within(Tol));
        Assert.That(a.Equity[^1].Drawdown, Is.EqualTo(5).Within(Tol));
        Assert.That(a.Value(MetricKeys.TotalReturnPct), Is.EqualTo(1.7).Within(Tol));
    }

    [Test]
    public void Average_drawdown_is_the_mean_depth_of_the_episodes()
    {
        // Equity path 1000 → 1010 → 1004 → 1012 → 1002 → 1015: episodes of depth 6 and 10 → average 8.
        var scenario = new AnalysisScenario { Context = new RunContext { InitialBalance = 1000 } };
        double[] pnl = [10, -6, 8, -10, 13];
        for (var k = 0; k < pnl.Length; k++)
        {
            scenario.Buy(1, 100, 10 * k).Sell(1, 100 + pnl[k], (10 * k) + 5);
        }

        var a = scenario.Analyze();

        Assert.That(a.Value(MetricKeys.MaxDrawdown), Is.EqualTo(10).Within(Tol));
        Assert.That(a.Value(MetricKeys.AverageDrawdown), Is.EqualTo(8).Within(Tol));
        // Longest: from the last point at the 1012 peak (the entry at minute 30) to recovery at minute 45 = 15 min.
        Assert.That(a.Value(MetricKeys.LongestDrawdownDays), Is.EqualTo(15.0 / 1440).Within(Tol));
    }

    [Test]
    public void Daily_returns_count_weekdays_without_fills_as_zero_when_there_are_no_bars()
    {
        // Tue +10, Wed nothing, Thu +20 on 1000: returns 10/1000 = 0.01, 0, 20/1010 = 0.0198019802.
        // mean 0.0099339934, sample sd 0.0099013201 → Sharpe 1.0032998 × √252 = 15.9271574422.
        var scenario = new AnalysisScenario { Context = new RunContext { InitialBalance = 1000 } }
            .Buy(1, 100, 0).Sell(1, 110, 60)
            .Buy(1, 100, (2 * 1440) + 0).Sell(1, 120, (2 * 1440) + 60);

        var a = scenario.Analyze();

        Assert.That(a.Value(MetricKeys.TradingDays), Is.EqualTo(3));
        Assert.That(a.Value(MetricKeys.ActiveDays), Is.EqualTo(2));
        Assert.That(a.Value(MetricKeys.ProfitableDays), Is.EqualTo(2));
        Assert.That(a.Value(MetricKeys.Sharpe), Is.EqualTo(15.92715744219687).Within(1e-9));
        Assert.That(a.Value(MetricKeys.Sortino), Is.Null, "no losing day");
        Assert.That(a.Notes.Select(n => n.Key), Does.Contain(MetricKeys.Sortino));
    }

    [Test]
    public void Exposure_and_turnover()
    {
        // Run 09:00–10:00 given; long from 09:10 to 09:40 → 30 of 60 minutes = 50 %.
        // Turnover 100 × 2 + 101 × 2 = 402 (point value 1); against 1000 → 0.402.
        var scenario = new AnalysisScenario
        {
            Context = new RunContext { InitialBalance = 1000, StartUtc = AnalysisScenario.At(0), EndUtc = AnalysisScenario.At(60) },
        }.Buy(2, 100, 10).Sell(2, 101, 40);

        var a = scenario.Analyze();

        Assert.That(a.Value(MetricKeys.ExposurePct), Is.EqualTo(50).Within(Tol));
        Assert.That(a.Value(MetricKeys.Turnover), Is.EqualTo(402).Within(Tol));
        Assert.That(a.Value(MetricKeys.TurnoverRatio), Is.EqualTo(0.402).Within(Tol));
    }

    [Test]
    public void Equity_is_marked_to_bar_closes_while_a_position_is_open()
    {
        // Long 1 @100 at 09:00:30; bars end at 09:01 (close 98) and 09:02 (close 103); exit 09:02:30 @104.
        var a = new AnalysisScenario { Context = new RunContext { InitialBalance = 1000 } }
            .Buy(1, 100, 0.5).Sell(1, 104, 2.5)
            .Bars(0, (101, 97, 98), (103, 98, 103), (105, 103, 104))
            .Analyze();

        var at = a.Equity.ToDictionary(p => p.TimeUtc, p => p.Equity);
        Assert.That(at[AnalysisScenario.At(1)], Is.EqualTo(998).Within(Tol));   // 1000 + (98 − 100)
        Assert.That(at[AnalysisScenario.At(2)], Is.EqualTo(1003).Within(Tol));  // 1000 + (103 − 100)
        Assert.That(at[AnalysisScenario.At(2.5)], Is.EqualTo(1004).Within(Tol));
        Assert.That(a.Value(MetricKeys.MaxDrawdown), Is.EqualTo(2).Within(Tol));
    }

    [Test]
    public void Without_an_initial_balance_percentages_are_null_and_sharpe_uses_daily_pnl()
    {
        var a = TenTrades(initialBalance: null);

        Assert.That(a.Value(MetricKeys.TotalReturn), Is.EqualTo(17).Within(Tol));
        Assert.That(a.Value(MetricKeys.TotalReturnPct), Is.Null);
        Assert.That(a.Value(MetricKeys.MaxDrawdownPct), Is.Null);
        Assert.That(a.Value(MetricKeys.Cagr), Is.Null);
        Assert.That(a.Value(MetricKeys.VolatilityAnnualised), Is.Null);
        Assert.That(a.Value(MetricKeys.MaxDrawdown), Is.EqualTo(10).Within(Tol));
        Assert.That(a.Equity.All(p => p.DrawdownPct is null), Is.True);
    }
}
