using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Study;
using QuantowerRecorder.Analytics.WhatIf;
using static QuantowerRecorder.Tests.Analytics.Study.StudyPasses;

namespace QuantowerRecorder.Tests.Analytics.Study;

/// <summary>
/// PBO when passes or what-if cells are identical (docs/metrics.md, "Studies": ties take the mean rank and λ ≤ 0
/// counts). Identical columns must give identical Sharpe ratios in every half, whichever pass they are.
/// </summary>
public sealed class PboTiesTests
{
    private static readonly DateTime T0 = new(2026, 1, 5, 10, 0, 0, DateTimeKind.Utc);

    /// <summary>Uneven values, so that a half's mean and variance are not round numbers.</summary>
    private static double[] Uneven(int count, double shift) =>
        Enumerable.Range(0, count).Select(t => shift + (0.0137 * ((t * 7) % 11)) - (0.0291 * ((t * 5) % 3)) + (0.001 * t)).ToArray();

    [Test]
    public void Five_identical_passes_have_pbo_one()
    {
        // Every split: the five passes have the same in- and out-of-sample Sharpe ratio. The first is chosen in sample;
        // out of sample the five share ranks 1…5, mean rank 3, ω = 3 / 6 = ½, λ = ln 1 = 0 ≤ 0: every split counts.
        var returns = Uneven(64, 0);
        var passes = Enumerable.Range(1, 5).Select(j => Returns("p" + j, returns)).ToArray();

        var pbo = StudyAnalysis.Analyze(passes).Overfitting!;

        Assert.That(pbo.Splits, Is.EqualTo(12_870));
        Assert.That(pbo.Logits, Is.All.EqualTo(0));
        Assert.That(pbo.Probability, Is.EqualTo(1));
    }

    [Test]
    public void Identical_passes_that_always_win_share_their_rank_and_pbo_is_zero()
    {
        // Five identical passes A1…A5 with a positive return in every period (so a positive Sharpe in every half) and
        // two passes Z1, Z2 that never move (Sharpe 0). In sample A1 is chosen (the first of the tied best); out of
        // sample Z1 and Z2 take ranks 1 and 2, the five A's ranks 3…7, mean 5: ω = 5 / 8, λ = ln(5/3) > 0 in every split.
        var a = Uneven(64, 0.05);
        Assert.That(a, Is.All.GreaterThan(0));
        var passes = Enumerable.Range(1, 5).Select(j => Returns("A" + j, a))
            .Concat(Enumerable.Range(1, 2).Select(j => Returns("Z" + j, new double[64]))).ToArray();

        var pbo = StudyAnalysis.Analyze(passes).Overfitting!;

        Assert.That(pbo.Logits, Is.All.EqualTo(Math.Log(5.0 / 3)).Within(1e-12));
        Assert.That(pbo.Probability, Is.EqualTo(0));
    }

    [Test]
    public void Five_identical_what_if_cells_over_sixteen_entries_have_pbo_one()
    {
        // 16 long entries at 100, each followed by one bar that closes at 100 + d_k (|d_k| < 1): stops of 50 to 90
        // points never trigger, there is no target, and the time exit after one bar closes every trade at that close.
        // The five cells are the same trades: PBO = 1 as for identical passes (ω = ½, λ = 0 in every split).
        var moves = Uneven(16, -0.02);
        var bars = new List<Bar>();
        var entries = new List<WhatIfEntry>();
        for (var k = 0; k < moves.Length; k++)
        {
            var close = 100 + moves[k];
            bars.Add(new Bar(T0.AddMinutes(2 * k), 100, 100, 100, 100, 10));
            bars.Add(new Bar(T0.AddMinutes((2 * k) + 1), 100, Math.Max(100, close), Math.Min(100, close), close, 10));
            entries.Add(new WhatIfEntry(T0.AddMinutes(2 * k).AddSeconds(30), TradeSide.Long, 1, 100, 0));
        }

        var stops = new[] { "50pt", "60pt", "70pt", "80pt", "90pt" }.Select(t => (ExitLevel?)ExitLevel.Parse(t)).ToList();
        var market = new WhatIfMarket { Bars = bars, PointValue = 1, TickSize = 0.01 };
        var result = WhatIfSimulator.Run(market, entries, new WhatIfGrid(stops, [null], MaxBars: 1));

        Assert.That(result.Cells.Select(c => c.TimeExits), Is.All.EqualTo(16));
        Assert.That(result.Luck.Pbo!.Logits, Is.All.EqualTo(0));
        Assert.That(result.Luck.Pbo.Probability, Is.EqualTo(1));
    }
}
