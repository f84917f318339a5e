using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// Schema 19 (docs/decisions.md, 16): while a run holds one position, its equity follows a series' bars as base +
/// factor × close, and equity_data keeps such a stride as one row referring to the bars; run_equity computes the points
/// with the analysis' arithmetic, from the bars the run saw.
/// </summary>
[TestFixture]
public sealed class EquityMarksTests
{
    private const int Bars = 300;
    private const string Points = "SELECT seq, ts_utc, equity, drawdown, drawdown_pct FROM v_equity_points WHERE run_id = @runId ORDER BY seq";

    [Test]
    public void A_position_held_over_bars_is_one_row_marked_on_them_and_the_view_gives_the_analysis_points_bit_for_bit()
    {
        using var db = new TempDatabase();
        var run = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, Pass(run, _ => 0));

        var analysis = RunAnalysisStore.AnalyzeFile(db.Path, run.RunId).Analysis;

        Assert.That(analysis.Equity, Has.Count.GreaterThan(Bars), "a point at each bar's end and at each fill");
        var marked = Db.Query<(string Series, long Repeats, double Factor)>(db.Path,
            "SELECT mark_series, repeats, mark_factor FROM equity_data WHERE mark_series IS NOT NULL ORDER BY seq");
        Assert.That(marked, Has.Count.EqualTo(2), "the long and the short position, each one row");
        Assert.That(marked.Select(m => m.Series), Is.All.EqualTo(run.SeriesId));
        Assert.That(marked.Sum(m => m.Repeats + 1), Is.GreaterThan(250), "most of the curve is marked on the bars");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM equity_data"), Is.LessThan(12), "a row per position and a few around the fills");
        Assert.That(StoredPoints(db.Path, run.RunId), Is.EqualTo(AnalysedPoints(analysis)), "the view's points are the analysis' own, bit for bit");
        Assert.That(Db.Query<(long, string, double, double, double?, long, long)>(db.Path,
                "SELECT seq, ts_utc, equity, drawdown, drawdown_pct, repeats, repeat_step_ticks FROM run_equity WHERE run_id = @runId ORDER BY seq", new { runId = run.RunId }),
            Is.EqualTo(EquityStrides.ViewRows(analysis.Equity, analysis.EquityMarks).Select(e => (e.Seq, Timestamps.Format(e.Point.TimeUtc), e.Point.Equity,
                e.Point.Drawdown, e.Point.DrawdownPct, e.Repeats, e.StepTicks)).ToList()), "run_equity's rows: each marked point a row, the rest folded");

        RunAnalysisStore.AnalyzeFile(db.Path, run.RunId);
        Assert.That(StoredPoints(db.Path, run.RunId), Is.EqualTo(AnalysedPoints(analysis)), "analysing again gives the same rows");
    }

    [Test]
    public void A_later_run_that_saw_other_values_for_the_bars_leaves_the_earlier_runs_curve_and_reads_its_own()
    {
        using var db = new TempDatabase();
        var first = new Scenario(source: RunSource.Backtest);
        var second = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, Pass(first, _ => 0));
        var firstAnalysis = RunAnalysisStore.AnalyzeFile(db.Path, first.RunId).Analysis;
        var before = StoredPoints(db.Path, first.RunId);

        // The second run's provider gave other closes for ten bars inside the long position: they are its own bars.
        Recorded.Write(db.Path, Pass(second, minute => minute is >= 100 and < 110 ? 1.5 : 0));
        var secondAnalysis = RunAnalysisStore.AnalyzeFile(db.Path, second.RunId).Analysis;

        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM series_bars WHERE series_id = @SeriesId", new { second.SeriesId }), Is.EqualTo(10));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM equity_data d JOIN equity_runs k ON k.run_key = d.run_key WHERE k.run_id = @RunId AND d.mark_series IS NOT NULL",
            new { second.RunId }), Is.EqualTo(2), "the second run's curve is marked on its series too, own bars and shared ones");
        Assert.That(StoredPoints(db.Path, first.RunId), Is.EqualTo(before), "the first run's curve is what its bars gave");
        Assert.That(StoredPoints(db.Path, first.RunId), Is.EqualTo(AnalysedPoints(firstAnalysis)));
        Assert.That(StoredPoints(db.Path, second.RunId), Is.EqualTo(AnalysedPoints(secondAnalysis)), "the second run's points come from the bars it saw");
        Assert.That(StoredPoints(db.Path, second.RunId), Is.Not.EqualTo(before), "and those differ");
    }

    // Long one lot at minute 20's close, reversed short at minute 150's, flat at minute 280's.
    private static IEnumerable<RecorderEvent> Pass(Scenario s, Func<int, double> shift)
    {
        foreach (var e in s.Start())
        {
            yield return e;
        }

        for (var minute = 0; minute < Bars; minute++)
        {
            var close = BarsByMarketTests.Close(minute) + shift(minute);
            yield return s.Bar(minute, close);
            var at = (minute + 1) * 60.0 + 1;
            switch (minute)
            {
                case 20:
                    yield return s.Order("long", Side.Buy, 1, "FILLED", at, filled: 1);
                    yield return s.Fill("long-1", "long", Side.Buy, 1, close, at);
                    break;
                case 150:
                    yield return s.Order("short", Side.Sell, 2, "FILLED", at, filled: 2);
                    yield return s.Fill("short-1", "short", Side.Sell, 2, close, at);
                    break;
                case 280:
                    yield return s.Order("flat", Side.Buy, 1, "FILLED", at, filled: 1);
                    yield return s.Fill("flat-1", "flat", Side.Buy, 1, close, at);
                    break;
            }
        }

        yield return s.End(at: 60 * Bars + 60);
    }

    private static List<(long, string, double, double, double?)> StoredPoints(string path, string runId) =>
        Db.Query<(long, string, double, double, double?)>(path, Points, new { runId });

    private static List<(long, string, double, double, double?)> AnalysedPoints(RunAnalysis analysis) =>
        analysis.Equity.Select((p, i) => ((long)i + 1, Timestamps.Format(p.TimeUtc), p.Equity, p.Drawdown, p.DrawdownPct)).ToList();
}
