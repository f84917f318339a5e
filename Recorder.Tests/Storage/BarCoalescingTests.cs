using NUnit.Framework;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>Forming-bar updates collapse within a batch, but only among updates that are valid.</summary>
[TestFixture]
public sealed class BarCoalescingTests
{
    [Test]
    public void A_refused_update_of_the_same_bar_does_not_swallow_the_valid_one()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var valid = s.Bar(0, 5000) with { Volume = 15 };
        var typo = valid with { RunId = "run-typo", Volume = 5 };

        var outcome = WriteOneBatch(db.Path, [.. s.Start(), valid, typo]);

        Assert.That(outcome.Quarantined, Is.EqualTo(1), "the update for an unknown run");
        Assert.That(outcome.Coalesced, Is.Zero, "nothing valid was superseded");
        Assert.That(Db.Query<double>(db.Path, "SELECT volume FROM bars"), Is.EqualTo(new[] { 15.0 }));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT SUM(json_extract(payload_json, '$.bar_count')) FROM ingest_events WHERE event_type = 'BARS_STORED'"), Is.EqualTo(1));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT reason FROM ingest_quarantine"), Does.Contain("unknown run id run-typo"));
    }

    [Test]
    public void Valid_updates_of_one_bar_in_a_batch_leave_its_newest_state()
    {
        using var db = new TempDatabase();
        var s = new Scenario();

        var outcome = WriteOneBatch(db.Path,
            [.. s.Start(), s.Bar(0, 5000, closed: false) with { Volume = 5 }, s.Bar(0, 5001, closed: false) with { Volume = 9 },
             s.Bar(0, 5002) with { Volume = 15 }, s.Bar(1, 5003)]);

        Assert.That(outcome.Coalesced, Is.EqualTo(2));
        Assert.That(Db.Query<(double, double)>(db.Path, "SELECT close, volume FROM bars ORDER BY ts_utc"),
            Is.EqualTo(new[] { (5002.0, 15.0), (5003.0, 10.0) }));
    }

    private static BatchOutcome WriteOneBatch(string path, IReadOnlyList<RecorderEvent> events)
    {
        using var connection = DatabaseFile.OpenForWriting(path, TimeProvider.System);
        using var writer = new BatchWriter(connection, TimeProvider.System, runLocks: null);
        var batch = events.Select((e, i) => new Envelope(e, i + 1, Scenario.T0.Ticks)).ToList();
        return writer.Write(batch);
    }
}
