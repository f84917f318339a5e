using NUnit.Framework;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// An ended run's analysis read whole from the file (a run whose writer kept no facts of it: a short pass whose first
/// batch held its end) reads the run's bars on a second connection only where its series span
/// <see cref="RunAnalysisStore.BarsBeside.Threshold"/> bars or more, and stores, either way, what <c>analyze</c> stores.
/// </summary>
[TestFixture]
public sealed class EndReadTests
{
    private static readonly TestClock Clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    // RecordRoundTrips records two bars a trade, a minute apart: 4,999 trades span one bar fewer than the threshold.
    [TestCase(5, 1, TestName = "A short ended run is read on its analysis' one connection")]
    [TestCase((int)(RunAnalysisStore.BarsBeside.Threshold / 2) - 1, 1, TestName = "An ended run one bar short of the threshold is read on one connection")]
    [TestCase((int)(RunAnalysisStore.BarsBeside.Threshold / 2), 2, TestName = "An ended run spanning the threshold has its bars read on a second connection")]
    public void An_ended_runs_bars_are_read_beside_only_from_the_threshold_on_and_either_way_it_stores_what_analyze_stores(int trades, int connections)
    {
        using var db = new TempDatabase();
        var s = AnalysisStepsTests.RecordRoundTrips(db, trades);
        using (var read = Db.Read(db.Path))
        {
            Assert.That(RunLoader.SpannedBars(RunLoader.Series(read, s.RunId)), Is.EqualTo(2L * trades), "precondition: the bars its series span");
        }

        using var connection = DatabaseFile.OpenForWriting(db.Path, Clock);
        using (var readings = new ReadConnections(db.Path))
        {
            var steps = RunAnalysisStore.AnalyzeFromSnapshot(readings, s.RunId, Clock, CancellationToken.None);
            Assert.That(readings.Taken, Is.EqualTo(connections), "the reading connections the analysis took");
            Assert.That(readings.Leased, Is.Zero, "every one given back, its snapshot ended");
            // Each step as the writer runs them: a step's rows are made as the one before it was stored.
            foreach (var step in steps)
            {
                WriteTransaction.Run(connection, () => step(connection));
            }
        }

        var stored = AnalysisStepsTests.Dump(db.Path);
        Assert.That(stored["run_trades"], Has.Count.EqualTo(trades), "the run's trades stored");
        RunAnalysisStore.Analyze(connection, s.RunId, time: Clock, trialFigures: false);
        Assert.That(stored, Is.EqualTo(AnalysisStepsTests.Dump(db.Path)), "what analyze stores, row for row");
    }
}
