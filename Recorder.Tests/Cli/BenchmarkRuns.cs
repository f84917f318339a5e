using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// Two analysed runs that have no buy-and-hold benchmark: one recorded no bars, the other bars of two symbols (ES and
/// NQ). The report and the page must say so instead of showing a figure.
/// </summary>
internal static class BenchmarkRuns
{
    public static (string NoBars, string TwoSymbols) Record(TempDatabase db)
    {
        var clock = new TestClock(new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero));
        var noBars = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, noBars.Start(withSeries: false).Concat<RecorderEvent>(
        [
            noBars.Order("B", Side.Buy, 1, "FILLED", at: 60, filled: 1), noBars.Fill("B1", "B", Side.Buy, 1, price: 5000, at: 60),
            noBars.Order("S", Side.Sell, 1, "FILLED", at: 600, filled: 1), noBars.Fill("S1", "S", Side.Sell, 1, price: 5010, at: 600),
            noBars.End(at: 900),
        ]));

        var two = new Scenario(source: RunSource.Backtest);
        var nq = Identities.SeriesId(two.RunId, "NQ", "1m");
        Recorded.Write(db.Path, two.Start().Concat<RecorderEvent>(
        [
            new SeriesDefined { RunId = two.RunId, EventUtc = Scenario.T0, Source = two.Source, SeriesId = nq, Symbol = "NQ", Timeframe = "1m" },
            two.Bar(0, 5000), two.Bar(1, 5004), two.Bar(2, 5002),
            two.Bar(0, 18000) with { SeriesId = nq }, two.Bar(1, 18010) with { SeriesId = nq },
            two.Order("B", Side.Buy, 1, "FILLED", at: 30, filled: 1), two.Fill("B1", "B", Side.Buy, 1, price: 5000, at: 30),
            two.Order("S", Side.Sell, 1, "FILLED", at: 150, filled: 1), two.Fill("S1", "S", Side.Sell, 1, price: 5003, at: 150),
            two.End(at: 180),
        ]));

        RunAnalysisStore.AnalyzeFile(db.Path, noBars.RunId, time: clock);
        RunAnalysisStore.AnalyzeFile(db.Path, two.RunId, time: clock);
        return (noBars.RunId, two.RunId);
    }
}
