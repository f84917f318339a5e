using NUnit.Framework;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Tests.Analytics;

/// <summary>
/// A run large enough that a quadratic step would not finish within the test host's time-out, checked for
/// correctness only (nothing is timed here; the benchmarks measure speed).
/// </summary>
public sealed class LargeRunTests
{
    [Test]
    public void Two_hundred_thousand_fills_and_bars_give_consistent_trades_and_equity()
    {
        const int n = 200_000;
        var t0 = AnalysisScenario.T0;
        var bars = new Bar[n];
        var fills = new List<Fill>(n);
        var orders = new List<OrderInfo>(n);
        var price = 100.0;
        for (var i = 0; i < n; i++)
        {
            // A deterministic wiggle; buy, buy, sell, sell so that every lot is a scale-in/scale-out.
            price += ((i * 7919) % 13 - 6) * 0.25;
            bars[i] = new Bar(t0.AddMinutes(i), price, price + 1, price - 1, price, 1);
            var side = i % 4 < 2 ? Side.Buy : Side.Sell;
            var time = t0.AddMinutes(i).AddSeconds(30);
            fills.Add(new Fill($"x{i}", $"o{i}", "ES", "A", side, 1, price, 0.5, time));
            orders.Add(new OrderInfo($"o{i}", "ES", side, OrderType.Market, 1, OrderStatus.Filled, time.AddMilliseconds(-20)));
        }

        var input = new RunInput(fills, orders, [new BarSeries("ES", bars)], new RunContext { InitialBalance = 1_000_000, TickSize = 0.25 });

        var a = RunAnalyzer.Analyze(input);

        Assert.That(a.Trades, Has.Count.EqualTo(n / 2));
        Assert.That(a.OpenPositions, Is.Empty);
        // Flat at the end: the closed trades account for the whole change in equity.
        Assert.That(a.Value(MetricKeys.TotalReturn), Is.EqualTo(a.Trades.Sum(t => t.NetPnl)).Within(1e-6));
        Assert.That(a.Value(MetricKeys.TotalFees), Is.EqualTo(n * 0.5).Within(1e-6));
        Assert.That(a.Value(MetricKeys.LatencyFullFillP95), Is.EqualTo(20).Within(1e-9));
        Assert.That(a.Trades.All(t => t.ExcursionSource == ExcursionSource.Bars && t.Mae <= 0 && t.Mfe >= 0), Is.True);
        Assert.That(a.Metrics.All(m => m.Value is null || double.IsFinite(m.Value.Value)), Is.True);
    }
}
