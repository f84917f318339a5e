using NUnit.Framework;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Tests.Analytics;

/// <summary>
/// An analysis given what an earlier analysis of the same run left (<see cref="AnalysisFold"/>) goes on from its curve's
/// sweep where the run's events begin with those it swept, and gives exactly what an analysis without it gives; where
/// they do not, it sweeps the run whole.
/// </summary>
public sealed class AnalysisFoldTests
{
    private const int Minutes = 600;

    [TestCase(1)]
    [TestCase(97)]
    [TestCase(300)]
    [TestCase(599)]
    public void An_analysis_that_goes_on_from_an_earlier_ones_fold_gives_the_whole_analysis_bit_for_bit(int earlierMinutes)
    {
        var whole = Run(Minutes);
        var earlier = RunAnalyzer.Start(Run(earlierMinutes));
        earlier.Curve();
        Assert.That(earlier.Fold, Is.Not.Null);

        var continued = RunAnalyzer.Start(whole, fold: earlier.Fold);

        Assert.That(continued.CurveContinued, Is.True);
        // The earlier curve's points but those of its last bars (each symbol's, and the fills after the first of them) had
        // their drawdowns in the fold: only the points after are attached again.
        Assert.That(continued.CurveAttachedFrom, Is.GreaterThanOrEqualTo(earlier.Curve().Equity.Count - 4).And.LessThan(earlier.Curve().Equity.Count),
            "drawdowns attached from the fold's last point on");
        AssertSame(continued.Finish(), RunAnalyzer.Analyze(whole));
    }

    [TestCase(300)]
    [TestCase(Minutes)]
    public void Every_points_drawdown_is_its_fall_from_the_peak_of_the_points_before_it_those_after_the_held_sweep_included(int minutes)
    {
        // The held sweep attaches the drawdowns of the points before the last bars, the curve those after: each from the
        // peak of every point before it, wherever that peak was.
        foreach (var analysis in new[] { RunAnalyzer.Analyze(Run(minutes)), Continued(minutes) })
        {
            var peak = double.NegativeInfinity;
            var deepAtEnd = 0.0;
            foreach (var point in analysis.Equity)
            {
                peak = Math.Max(peak, point.Equity);
                Assert.That(point.Drawdown, Is.EqualTo(peak - point.Equity), $"{point.TimeUtc:O}");
                Assert.That(point.DrawdownPct, Is.EqualTo((peak - point.Equity) / peak * 100), $"{point.TimeUtc:O}");
                deepAtEnd = point.Drawdown;
            }

            Assert.That(deepAtEnd, Is.GreaterThan(0), "the run ends below an earlier peak, so the last points' peak is not their own");
        }

        static RunAnalysis Continued(int minutes)
        {
            var earlier = RunAnalyzer.Start(Run(minutes - 40));
            earlier.Curve();
            var started = RunAnalyzer.Start(Run(minutes), fold: earlier.Fold);
            Assert.That(started.CurveContinued, Is.True);
            return started.Finish();
        }
    }

    [Test]
    public void Folds_handed_on_analysis_after_analysis_end_where_one_sweep_of_the_run_ends()
    {
        AnalysisFold? fold = null;
        var continuedCount = 0;
        foreach (var minutes in new[] { 50, 51, 120, 121, 400, Minutes })
        {
            var started = RunAnalyzer.Start(Run(minutes), fold: fold);
            started.Curve();
            continuedCount += started.CurveContinued ? 1 : 0;
            fold = started.Fold;
            AssertSame(started.Finish(), RunAnalyzer.Analyze(Run(minutes)));
        }

        Assert.That(continuedCount, Is.EqualTo(5));
    }

    [Test]
    public void An_earlier_analysis_keeps_its_curve_while_later_ones_go_on_from_its_fold()
    {
        // The fold holds the sweep as it stood before the last bars, sharing the earlier curve's points: the analyses that
        // go on from it (two, from the same fold) copy what they take, and the earlier curve stays as it was given.
        var earlier = RunAnalyzer.Start(Run(300));
        var curve = earlier.Curve().Equity;
        var given = curve.Select(Bits).ToList();
        var fold = earlier.Fold;

        foreach (var minutes in new[] { 450, Minutes })
        {
            var continued = RunAnalyzer.Start(Run(minutes), fold: fold);
            Assert.That(continued.CurveContinued, Is.True);
            AssertSame(continued.Finish(), RunAnalyzer.Analyze(Run(minutes)));
        }

        Assert.That(curve.Select(Bits), Is.EqualTo(given), "the earlier curve's points");
        Assert.That(earlier.Finish().Equity.Select(Bits), Is.EqualTo(RunAnalyzer.Analyze(Run(300)).Equity.Select(Bits)));
    }

    [Test]
    public void A_long_curve_that_goes_on_from_a_fold_shares_the_earlier_curves_points_instead_of_copying_them()
    {
        // Two one-minute series ending together and their fills make about 1.1 points a minute: three chunks and more.
        var chunk = ChunkedList<EquityPoint>.Size;
        var earlier = RunAnalyzer.Start(Run(3 * chunk - chunk / 5));
        var curve = (ChunkedList<EquityPoint>)earlier.Curve().Equity;
        var given = curve.Select(Bits).ToList();
        var whole = Run(3 * chunk);

        var continued = RunAnalyzer.Start(whole, fold: earlier.Fold);
        var points = (ChunkedList<EquityPoint>)continued.Curve().Equity;

        Assert.That(continued.CurveContinued, Is.True);
        // The fold's sweep holds all but the last point (both series' last bars end at once): the chunks before the point
        // the continued curve attaches a drawdown to again are shared, and only those.
        Assert.That(ChunkedList<EquityPoint>.SharedLength(curve, points),
            Is.GreaterThanOrEqualTo(2 * chunk).And.GreaterThan(curve.Count - 2 - chunk).And.LessThanOrEqualTo(curve.Count - 2),
            "every chunk before the fold's last points held, not copied");
        AssertSame(continued.Finish(), RunAnalyzer.Analyze(whole));
        Assert.That(curve.Select(Bits), Is.EqualTo(given), "the earlier curve's points");
    }

    [Test]
    public void A_last_bar_still_forming_when_the_fold_was_left_is_swept_again_with_its_close()
    {
        // A live run's last bar moves until it closes: the earlier analysis saw minute 299 forming at another close.
        var earlier = RunAnalyzer.Start(Run(300, barChange: 299));
        earlier.Curve();
        var whole = Run(Minutes);

        var continued = RunAnalyzer.Start(whole, fold: earlier.Fold);

        Assert.That(continued.CurveContinued, Is.True);
        AssertSame(continued.Finish(), RunAnalyzer.Analyze(whole));
        Assert.That(RunAnalyzer.Analyze(Run(300, barChange: 299)).Equity[^1].Equity, Is.Not.EqualTo(RunAnalyzer.Analyze(Run(300)).Equity[^1].Equity),
            "the forming close moved the curve it was in");
    }

    [Test]
    public void A_fold_whose_events_are_no_longer_where_the_run_begins_is_not_used()
    {
        var earlier = RunAnalyzer.Start(Run(300));
        earlier.Curve();
        var fold = earlier.Fold;
        var changes = new Dictionary<string, RunInput>
        {
            // A position is open over minute 200 (ES is bought at minute 3 and held 20 minutes in every 40).
            ["an earlier bar's close"] = Run(Minutes, barChange: 205),
            ["a fill that came late, before the newest swept"] = Run(Minutes, lateFill: 250),
            ["another symbol's bars"] = Run(Minutes, third: true),
            ["another point value"] = Run(Minutes, pointValue: 20),
            ["another initial balance"] = Run(Minutes, balance: 50_000),
        };

        foreach (var (change, input) in changes)
        {
            var started = RunAnalyzer.Start(input, fold: fold);
            var withFold = started.Finish();
            var without = RunAnalyzer.Analyze(input);
            Assert.Multiple(() =>
            {
                Assert.That(started.CurveContinued, Is.False, change);
                AssertSame(withFold, without);
            });
        }

        // The same changes are seen in the curve: going on from the fold regardless would not have given it.
        Assert.That(RunAnalyzer.Analyze(Run(Minutes, barChange: 205)).Equity.Select(p => p.Equity),
            Is.Not.EqualTo(RunAnalyzer.Analyze(Run(Minutes)).Equity.Select(p => p.Equity)));
    }

    // Two symbols' one-minute bars from stored series, ES traded 20 minutes in every 40 and NQ 10 in every 30, and the
    // changes the tests make to an otherwise same run.
    private static RunInput Run(int minutes, int? barChange = null, int? lateFill = null, bool third = false, double pointValue = 50,
        double balance = 100_000)
    {
        var t0 = AnalysisScenario.T0;
        var es = new List<Bar>();
        var nq = new List<Bar>();
        var fills = new List<Fill>();
        for (var m = 0; m < minutes; m++)
        {
            var p = 5000 + (((m * 7919) % 23) - 11) * 0.25 + (m * 0.01);
            es.Add(new Bar(t0.AddMinutes(m), p, p + 1, p - 1, m == barChange ? p + 40 : p, 10));
            var q = 18000 + (((m * 104729) % 17) - 8) * 0.5;
            nq.Add(new Bar(t0.AddMinutes(m), q, q + 2, q - 2, q, 5));
            if (m % 40 == 3 || m % 40 == 23)
            {
                fills.Add(new Fill($"es{m}", $"oes{m}", "ES", "A", m % 40 == 3 ? Side.Buy : Side.Sell, 2, p + 0.25, 2.5, t0.AddMinutes(m).AddSeconds(20)));
            }

            if (m % 30 == 7 || m % 30 == 17)
            {
                fills.Add(new Fill($"nq{m}", $"onq{m}", "NQ", "A", m % 30 == 7 ? Side.Sell : Side.Buy, 1, q, 1.5, t0.AddMinutes(m).AddSeconds(40)));
            }
        }

        if (lateFill is { } late)
        {
            fills.Add(new Fill("late", "olate", "ES", "B", Side.Buy, 1, 5000, 0, t0.AddMinutes(late).AddSeconds(10)));
        }

        var series = new List<BarSeries>
        {
            new("ES", es) { Key = "es-1m", BarDuration = TimeSpan.FromMinutes(1) },
            new("NQ", nq) { Key = "nq-1m", BarDuration = TimeSpan.FromMinutes(1) },
        };
        if (third)
        {
            series.Add(new BarSeries("CL", es.Select(b => b with { Close = 70 }).ToList()) { Key = "cl-1m" });
        }

        var context = new RunContext
        {
            InitialBalance = balance,
            Symbols = new Dictionary<string, SymbolSpec>(StringComparer.Ordinal)
            {
                ["ES"] = new() { PointValue = pointValue, TickSize = 0.25 },
                ["NQ"] = new() { PointValue = 20, TickSize = 0.25 },
            },
        };
        return new RunInput(fills, [], series, context);
    }

    private static void AssertSame(RunAnalysis actual, RunAnalysis expected)
    {
        Assert.That(actual.Equity.Select(Bits), Is.EqualTo(expected.Equity.Select(Bits)), "equity points");
        Assert.That(actual.EquityMarks, Is.EqualTo(expected.EquityMarks), "equity marks");
        Assert.That(actual.Metrics.Select(m => (m.Key, m.Value is { } v ? BitConverter.DoubleToInt64Bits(v) : (long?)null)),
            Is.EqualTo(expected.Metrics.Select(m => (m.Key, m.Value is { } v ? BitConverter.DoubleToInt64Bits(v) : (long?)null))), "metrics");
        Assert.That(actual.Notes, Is.EqualTo(expected.Notes), "notes");
        Assert.That(actual.Trades.Select(t => BitConverter.DoubleToInt64Bits(t.NetPnl)), Is.EqualTo(expected.Trades.Select(t => BitConverter.DoubleToInt64Bits(t.NetPnl))), "trades");
    }

    private static (long, long, long, long?) Bits(EquityPoint p) =>
        (p.TimeUtc.Ticks, BitConverter.DoubleToInt64Bits(p.Equity), BitConverter.DoubleToInt64Bits(p.Drawdown),
            p.DrawdownPct is { } pct ? BitConverter.DoubleToInt64Bits(pct) : null);
}
