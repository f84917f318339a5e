using NUnit.Framework;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Tests.Analytics;

public sealed class TooFewDataTests
{
    [Test]
    public void A_run_without_fills_gives_every_metric_and_no_nan()
    {
        var a = RunAnalyzer.Analyze(new RunInput([], [], [], new RunContext()));

        Assert.That(a.Trades, Is.Empty);
        Assert.That(a.Equity, Is.Empty);
        Assert.That(a.Metrics.Select(m => m.Key), Is.EquivalentTo(MetricKeysTests.DeclaredKeys()));
        Assert.That(a.Metrics.All(m => m.Value is null || double.IsFinite(m.Value.Value)), Is.True);
        Assert.That(a.Value(MetricKeys.TradeCount), Is.EqualTo(0));
        Assert.That(a.Value(MetricKeys.WinRate), Is.Null);
        Assert.That(a.Value(MetricKeys.Sharpe), Is.Null);
        Assert.That(a.Value(MetricKeys.SignFlipPValue), Is.Null);
    }

    [Test]
    public void Profit_factor_without_losing_trades_is_null_with_a_note()
    {
        var a = new AnalysisScenario().Buy(1, 100, 0).Sell(1, 101, 1).Analyze();

        Assert.That(a.Value(MetricKeys.ProfitFactor), Is.Null);
        Assert.That(a.Value(MetricKeys.PayoffRatio), Is.Null);
        Assert.That(a.Value(MetricKeys.LargestLoss), Is.Null);
        var note = a.Notes.Single(n => n.Key == MetricKeys.ProfitFactor);
        Assert.That(note.Message, Does.Contain("no losing trades"));
    }

    [Test]
    public void Validation_statistics_need_the_minimum_number_of_trades()
    {
        var scenario = new AnalysisScenario();
        for (var k = 0; k < 9; k++)
        {
            scenario.Buy(1, 100, 10 * k).Sell(1, 101, (10 * k) + 5);
        }

        var a = scenario.Analyze();

        Assert.That(a.Value(MetricKeys.ValidationTrades), Is.EqualTo(9));
        Assert.That(a.Value(MetricKeys.SignFlipPValue), Is.Null);
        Assert.That(a.Value(MetricKeys.BootstrapTotalReturnLow), Is.Null);
        Assert.That(a.Value(MetricKeys.MonteCarloMaxDrawdownP95), Is.Null);
        Assert.That(a.Notes.Single(n => n.Key == MetricKeys.SignFlipPValue).Message, Does.Contain("10 closed trades"));
    }

    [Test]
    public void Fills_with_zero_quantity_or_nan_price_are_left_out_with_a_note()
    {
        var input = new AnalysisScenario()
            .Buy(0, 100, 0).Buy(1, double.NaN, 1).Buy(1, 100, 2).Sell(1, 101, 3)
            .Input();

        var a = RunAnalyzer.Analyze(input);

        Assert.That(a.Trades, Has.Count.EqualTo(1));
        Assert.That(a.Value(MetricKeys.FillCount), Is.EqualTo(2));
        Assert.That(a.Notes.Any(n => n.Key == MetricKeys.FillCount), Is.True);
    }
}
