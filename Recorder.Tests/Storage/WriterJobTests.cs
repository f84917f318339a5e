using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>A run's analysis runs on the file's writer, after every event recorded before it was asked for.</summary>
[TestFixture]
public sealed class WriterJobTests
{
    [Test]
    public void Analysis_asked_for_right_after_the_last_events_sees_all_of_them()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        using var session = RecorderSession.Open(db.Path);
        foreach (var e in s.Start())
        {
            session.Record(e);
        }

        session.Record(s.Order("E", Side.Buy, 1, "FILLED", at: 1, filled: 1));
        session.Record(s.Fill("X1", "E", Side.Buy, 1, price: 5000, at: 1));
        session.Record(s.Order("C", Side.Sell, 1, "FILLED", at: 2, filled: 1));
        session.Record(s.Fill("X2", "C", Side.Sell, 1, price: 5010, at: 2));
        session.Record(s.End());

        var analysis = session.AnalyzeRunWhenWritten(s.RunId);

        Assert.That(analysis.Wait(TimeSpan.FromSeconds(30)), Is.True);
        Assert.That(Db.Query<double>(db.Path, "SELECT gross_pnl FROM run_trades"), Is.EqualTo(new[] { 10.0 }));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT status FROM strategy_runs"), Is.EqualTo("COMPLETED"));
    }

    [Test]
    public void Analysis_asked_for_before_a_close_runs_before_the_writer_stops()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var session = RecorderSession.Open(db.Path);
        foreach (var e in s.Start().Append(s.End()))
        {
            session.Record(e);
        }

        var analysis = session.AnalyzeRunWhenWritten(s.RunId);
        Assert.That(session.Close(TimeSpan.FromSeconds(30)).Completed, Is.True);

        Assert.That(analysis.IsCompletedSuccessfully, Is.True, "the close waited for it");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs WHERE metrics_json IS NOT NULL"), Is.EqualTo(1));
    }

    [Test]
    public void A_failing_analysis_fails_its_task_and_the_writer_goes_on()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        using var session = RecorderSession.Open(db.Path);
        foreach (var e in s.Start())
        {
            session.Record(e);
        }

        var analysis = session.AnalyzeRunWhenWritten("no-such-run");

        Assert.That(() => analysis.Wait(TimeSpan.FromSeconds(30)), Throws.InstanceOf<AggregateException>()
            .With.InnerException.InstanceOf<KeyNotFoundException>());
        Assert.That(session.Record(s.End()), Is.True);
        Assert.That(session.Flush(TimeSpan.FromSeconds(30)).Completed, Is.True);
        Assert.That(Db.Scalar<string>(db.Path, "SELECT status FROM strategy_runs"), Is.EqualTo("COMPLETED"));
    }
}
