using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.WhatIf;

namespace QuantowerRecorder.Tests.Analytics;

/// <summary>The block-jumping search for the first bar reaching a level, against a plain scan of every bar.</summary>
public sealed class WhatIfBarSearchTests
{
    [Test]
    public void First_bar_reaching_a_level_is_the_one_a_plain_scan_finds()
    {
        var random = new Random(38);
        var t0 = new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);
        var price = 100.0;
        var bars = new List<Bar>();
        for (var i = 0; i < 5000; i++)
        {
            var next = price + ((random.NextDouble() - 0.5) * 2);
            bars.Add(new Bar(t0.AddMinutes(i), price, Math.Max(price, next) + random.NextDouble(), Math.Min(price, next) - random.NextDouble(), next, 1));
            price = next;
        }

        var arrays = new BarArrays(bars);
        for (var q = 0; q < 3000; q++)
        {
            var from = random.Next(0, bars.Count);
            var to = Math.Min(bars.Count - 1, from + random.Next(0, q % 2 == 0 ? 100 : bars.Count));
            var level = bars[from].Close + ((random.NextDouble() - 0.5) * 40);
            var low = -1;
            var high = -1;
            for (var i = from; i <= to; i++)
            {
                low = low < 0 && bars[i].Low <= level ? i : low;
                high = high < 0 && bars[i].High >= level ? i : high;
            }

            Assert.That(arrays.FirstLowAtOrBelow(from, to, level), Is.EqualTo(low), $"low, from {from} to {to}, level {level}");
            Assert.That(arrays.FirstHighAtOrAbove(from, to, level), Is.EqualTo(high), $"high, from {from} to {to}, level {level}");
        }
    }
}
