using NUnit.Framework;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Tests.Analytics;

/// <summary>The definitions docs/metrics.md makes exact (issue "Money", "Definitions made exact").</summary>
public sealed class DefinitionTests
{
    private static readonly DateTime Monday = new(2024, 1, 8, 0, 0, 0, DateTimeKind.Utc);

    [Test]
    public void Turnover_counts_every_fill_whole_even_the_part_that_matched_nothing()
    {
        // The CLOSE sell finds nothing to close (opened before recording): out of trades, still traded.
        var a = new AnalysisScenario()
            .Sell(2, 100, 0, impact: PositionImpact.Close)
            .Buy(1, 100, 1).Sell(1, 101, 2)
            .Analyze();

        Assert.That(a.Value(MetricKeys.UnmatchedCloseQuantity), Is.EqualTo(2));
        Assert.That(a.Value(MetricKeys.Turnover), Is.EqualTo(200 + 100 + 101));
    }

    [Test]
    public void An_unmatched_close_fill_does_not_move_the_mark_of_another_accounts_open_position()
    {
        // Account A is long 1 at 100. Account B's CLOSE fill at 50 matches nothing: A stays marked at 100.
        var a = new AnalysisScenario { Context = new RunContext { InitialBalance = 1000 } }
            .Buy(1, 100, 0, account: "A")
            .Sell(1, 50, 1, account: "B", impact: PositionImpact.Close)
            .Analyze();

        var open = a.OpenPositions.Single();
        Assert.That((open.Account, open.MarkPrice, open.UnrealisedPnl), Is.EqualTo(("A", 100.0, 0.0)));
        Assert.That(a.Equity[^1].Equity, Is.EqualTo(1000));
        Assert.That(a.Value(MetricKeys.MaxDrawdown), Is.EqualTo(0));
    }

    [Test]
    public void A_bar_belongs_to_the_trading_day_it_opens_in_and_a_run_ending_at_midnight_gains_no_empty_day()
    {
        // Hourly bars 22:00 and 23:00 on Monday; the second ends at 00:00 Tuesday, which is also the run's end.
        var bars = new BarSeries("ES", [new Bar(Monday.AddHours(22), 100, 101, 99, 100, 1), new Bar(Monday.AddHours(23), 100, 106, 99, 105, 1)])
        {
            BarDuration = TimeSpan.FromHours(1),
        };
        var a = new AnalysisScenario
            {
                Context = new RunContext { InitialBalance = 1000, StartUtc = Monday.AddHours(22), EndUtc = Monday.AddDays(1) },
            }
            .Add(Side.Buy, 1, 100, Monday.AddHours(22).AddMinutes(30))
            .Series(bars)
            .Analyze();

        // One day, Monday, whose close is the 23:00 bar's close (105): +5.
        Assert.That(a.Value(MetricKeys.TradingDays), Is.EqualTo(1));
        Assert.That(a.Value(MetricKeys.ProfitableDays), Is.EqualTo(1));
        Assert.That(a.Value(MetricKeys.ActiveDays), Is.EqualTo(1));
    }

    [Test]
    public void A_run_without_bars_ending_exactly_at_midnight_does_not_count_the_next_weekday()
    {
        var a = new AnalysisScenario
            {
                Context = new RunContext { InitialBalance = 1000, StartUtc = Monday.AddHours(9), EndUtc = Monday.AddDays(2) },
            }
            .Add(Side.Buy, 1, 100, Monday.AddHours(10)).Add(Side.Sell, 1, 101, Monday.AddHours(11))
            .Analyze();

        // Monday and Tuesday; Wednesday 00:00 is the end, not a day of the run.
        Assert.That(a.Value(MetricKeys.TradingDays), Is.EqualTo(2));
    }

    [Test]
    public void Without_a_run_end_exposure_runs_to_the_last_fill_or_bar_end()
    {
        var a = new AnalysisScenario { Context = new RunContext { StartUtc = AnalysisScenario.T0 } }
            .Buy(1, 100, 0).Sell(1, 101, 30).Buy(1, 100, 60)
            .Analyze();

        // Open 0–30 and from 60 to the end, which is the last fill at 60: 30 of 60 minutes.
        Assert.That(a.Value(MetricKeys.ExposurePct), Is.EqualTo(50));
    }

    [Test]
    public void A_trade_closed_by_a_separate_order_that_does_not_reverse_keeps_exit_reason_other()
    {
        var trades = new AnalysisScenario().Buy(1, 100, 0, "in").Sell(1, 101, 1, "out").Sell(1, 101, 2, "new short").Buy(1, 100, 3, "cover")
            .Analyze().Trades;

        Assert.That(trades.Select(t => t.ExitReason), Is.EqualTo(new[] { ExitReason.Other, ExitReason.Other }));
    }
}
