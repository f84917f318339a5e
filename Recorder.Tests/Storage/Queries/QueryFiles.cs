using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage.Queries;

/// <summary>Files for the read API's tests: real runs recorded through RecorderSession and analysed as the plugin does.</summary>
internal static class QueryFiles
{
    public static readonly TestClock Clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    /// <summary>
    /// A backtest: long 2 at 5000 with a bracket (OCO group B1: E, SL, TP); the TP fills at 5010 — one trade, net 12.5
    /// (gross 20, three fills × 2.5 fees). Three bars of ES 1m.
    /// </summary>
    public static Scenario BracketWinner(TempDatabase db, string strategy = "Test strategy")
    {
        var s = new Scenario(source: RunSource.Backtest, strategy: strategy);
        Recorded.Write(db.Path, s.Start().Concat<RecorderEvent>(
        [
            s.Bar(0, 5000),
            s.Order("E", Side.Buy, 2, "FILLED", at: 60, filled: 2),
            s.Fill("X1", "E", Side.Buy, 1, price: 5000, at: 61), s.Fill("X2", "E", Side.Buy, 1, price: 5000, at: 62),
            new OcoGroupDefined { RunId = s.RunId, EventUtc = s.At(63), OcoGroupId = "B1", Label = "Bracket" },
            new OcoLinkAdded { RunId = s.RunId, EventUtc = s.At(63), OcoGroupId = "B1", OrderId = "E", Role = "ENTRY" },
            new OcoLinkAdded { RunId = s.RunId, EventUtc = s.At(63), OcoGroupId = "B1", OrderId = "SL", Role = "SL" },
            new OcoLinkAdded { RunId = s.RunId, EventUtc = s.At(63), OcoGroupId = "B1", OrderId = "TP", Role = "TP" },
            s.Order("SL", Side.Sell, 2, "OPENED", at: 63, type: "STOP", stop: 4995),
            s.Order("TP", Side.Sell, 2, "OPENED", at: 63, type: "LIMIT", price: 5010),
            s.Bar(1, 5008), s.Bar(2, 5011),
            s.Fill("X3", "TP", Side.Sell, 2, price: 5010, at: 170),
            s.Order("TP", Side.Sell, 2, "FILLED", at: 170, type: "LIMIT", price: 5010, filled: 2),
            s.Order("SL", Side.Sell, 2, "CANCELLED", at: 170, type: "STOP", stop: 4995),
            s.End(at: 200),
        ]));
        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: Clock);
        return s;
    }

    /// <summary>A live run of another strategy that loses: short 1 at 5000, covered at 5004 (net −4 − 5 fees = −9).</summary>
    public static Scenario LiveLoser(TempDatabase db)
    {
        var s = new Scenario(source: RunSource.Live, strategy: "Other strategy");
        Recorded.Write(db.Path, s.Start().Concat<RecorderEvent>(
        [
            s.Bar(0, 5000),
            s.Order("S", Side.Sell, 1, "FILLED", at: 60, filled: 1),
            s.Fill("Y1", "S", Side.Sell, 1, price: 5000, at: 61),
            s.Order("C", Side.Buy, 1, "FILLED", at: 120, filled: 1),
            s.Fill("Y2", "C", Side.Buy, 1, price: 5004, at: 121),
            s.End(at: 300),
        ]));
        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: Clock);
        return s;
    }
}
