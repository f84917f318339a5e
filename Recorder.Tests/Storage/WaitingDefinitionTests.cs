using NUnit.Framework;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>Definitions whose run has not started wait for it, but no flush or close waits for them.</summary>
[TestFixture]
public sealed class WaitingDefinitionTests
{
    [Test]
    public void A_definition_whose_run_never_starts_does_not_hold_up_flush_and_is_quarantined_at_close()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        using var session = RecorderSession.Open(db.Path);
        Assert.That(session.Record(s.Start().OfType<StrategyDefined>().Single()), Is.True);

        var flushed = session.Flush(TimeSpan.FromSeconds(30));

        Assert.That(flushed.Completed, Is.True, flushed.Message);
        Assert.That(session.Counters.WaitingForRun, Is.EqualTo(1));
        Assert.That(session.Counters.QueueDepth, Is.Zero);

        var closed = session.Close(TimeSpan.FromSeconds(30));
        Assert.That(closed.Completed, Is.True, closed.Message);
        Assert.That(Db.Query<(string, string)>(db.Path, "SELECT event_type, reason FROM ingest_quarantine"),
            Is.EqualTo(new[] { ("STRATEGY_DEFINED", "the run it defines never started") }));
    }

    [Test]
    public void A_waiting_definition_is_stored_when_its_run_starts_in_a_later_batch()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var start = s.Start().ToList();
        using var session = RecorderSession.Open(db.Path);
        foreach (var definition in start.Where(e => e is StrategyDefined or InstanceDefined))
        {
            session.Record(definition);
        }

        Assert.That(session.Flush(TimeSpan.FromSeconds(30)).Completed, Is.True);
        Assert.That(session.Counters.WaitingForRun, Is.EqualTo(2));

        foreach (var e in start.Where(e => e is not (StrategyDefined or InstanceDefined)))
        {
            session.Record(e);
        }

        Assert.That(session.Flush(TimeSpan.FromSeconds(30)).Completed, Is.True);
        var counters = session.Counters;
        Assert.That(counters.WaitingForRun, Is.Zero);
        Assert.That(counters.Committed, Is.EqualTo(start.Count));
        Assert.That(counters.QueueDepth, Is.Zero);
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_instances"), Is.EqualTo(1));
    }
}
