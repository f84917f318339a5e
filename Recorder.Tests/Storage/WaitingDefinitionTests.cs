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

    [Test]
    public void Copies_of_a_definition_that_waited_for_its_run_are_stored_once()
    {
        // A file imported with late copies interleaved: a definition's copy may come before its run's start, in the batch
        // that waited (flushed here) or in the start's own. Both wait with the first; the start writes the definition once.
        using var db = new TempDatabase();
        var s = new Scenario();
        var start = s.Start().ToList();
        var definitions = start.Where(e => e is StrategyDefined or InstanceDefined).ToList();
        using var session = RecorderSession.Open(db.Path);
        foreach (var definition in definitions.Concat(definitions))
        {
            session.Record(definition);
        }

        Assert.That(session.Flush(TimeSpan.FromSeconds(30)).Completed, Is.True);
        foreach (var e in definitions.Concat(start.Where(e => e is not (StrategyDefined or InstanceDefined))))
        {
            session.Record(e);
        }

        Assert.That(session.Flush(TimeSpan.FromSeconds(30)).Completed, Is.True);
        var counters = session.Counters;
        Assert.That(counters.WaitingForRun, Is.Zero);
        Assert.That(counters.Duplicates, Is.EqualTo(2 * definitions.Count));
        Assert.That(counters.Committed, Is.EqualTo(start.Count));
        Assert.That(Db.Query<(string, long)>(db.Path,
                "SELECT event_type, COUNT(*) FROM ingest_events WHERE event_type LIKE '%_DEFINED' GROUP BY event_type ORDER BY event_type"),
            Is.EqualTo(new[] { ("INSTANCE_DEFINED", 1L), ("STRATEGY_DEFINED", 1L) }));
    }

    [Test]
    public void Definitions_beyond_the_cap_quarantine_the_oldest_with_the_reason_and_close_quarantines_the_rest()
    {
        using var db = new TempDatabase();
        var definitions = Enumerable.Range(1, 5)
            .Select(i => new Scenario(runId: $"run-never-{i}", strategy: $"Strategy {i}").Start().OfType<StrategyDefined>().Single())
            .ToList();
        using var session = RecorderSession.Open(db.Path, new RecorderOptions { MaxWaitingDefinitions = 3 });
        foreach (var definition in definitions)
        {
            // One batch each, so that the oldest are those of earlier batches.
            session.Record(definition);
            Assert.That(session.Flush(TimeSpan.FromSeconds(30)).Completed, Is.True);
        }

        var counters = session.Counters;
        Assert.That((counters.WaitingForRun, counters.Quarantined), Is.EqualTo((3L, 2L)));
        var evicted = Db.Query<(string, string)>(db.Path, "SELECT run_id, reason FROM ingest_quarantine ORDER BY run_id");
        Assert.That(evicted.Select(r => r.Item1), Is.EqualTo(new[] { "run-never-1", "run-never-2" }));
        Assert.That(evicted.Select(r => r.Item2), Has.All.Contains("MaxWaitingDefinitions"));

        Assert.That(session.Close(TimeSpan.FromSeconds(30)).Completed, Is.True);
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_quarantine"), Is.EqualTo(5));
    }
}
