using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

[TestFixture]
public sealed class PipelineTests
{
    [Test]
    public void Recorded_run_is_committed_after_flush()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        using (var session = RecorderSession.Open(db.Path))
        {
            foreach (var e in s.Start())
            {
                Assert.That(session.Record(e), Is.True);
            }

            session.Record(s.Order("O1", Side.Buy, 1));
            session.Record(s.Fill("X1", "O1", Side.Buy, 1));
            session.Record(s.Bar(0));
            var flushed = session.Flush(TimeSpan.FromSeconds(10));
            Assert.That(flushed.Completed, Is.True, flushed.Message);
            Assert.That(session.Counters.Committed, Is.EqualTo(7));
        }

        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_events"), Is.EqualTo(7));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT status FROM strategy_runs"), Is.EqualTo("RUNNING"));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM executions"), Is.EqualTo(1));
    }
}
