using NUnit.Framework;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>Every enumeration in an event is checked: a value outside its domain is quarantined with the reason.</summary>
[TestFixture]
public sealed class EnumDomainTests
{
    [Test]
    public void A_source_outside_its_domain_is_quarantined_not_stored_as_unknown()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var events = s.Start().ToList();
        var start = events.OfType<RunStarted>().Single();
        events[events.IndexOf(start)] = start with { Source = (RunSource)9 };

        var counters = Recorded.Write(db.Path, events);

        Assert.That(counters.Quarantined, Is.GreaterThanOrEqualTo(1));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs"), Is.Zero);
        Assert.That(Db.Query<string>(db.Path, "SELECT reason FROM ingest_quarantine WHERE event_type = 'RUN_STARTED'"),
            Is.EqualTo(new[] { "source has the undefined value 9" }));
    }

    [Test]
    public void A_run_end_status_outside_its_domain_is_quarantined_and_the_run_stays_running()
    {
        using var db = new TempDatabase();
        var s = new Scenario();

        var counters = Recorded.Write(db.Path, [.. s.Start(), s.End((RunStatus)42)]);

        Assert.That(counters.Quarantined, Is.EqualTo(1));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT status FROM strategy_runs"), Is.EqualTo("RUNNING"));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT reason FROM ingest_quarantine"), Is.EqualTo("status has the undefined value 42"));
    }
}
