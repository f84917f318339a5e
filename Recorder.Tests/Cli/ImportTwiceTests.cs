using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>Importing a file again adds nothing to the raw log, earlier states of its orders included.</summary>
[TestFixture]
public sealed class ImportTwiceTests
{
    [Test]
    public void The_earlier_states_of_an_order_are_repeats_the_second_time()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var events = s.Start().ToList();
        events.AddRange(
        [
            s.Order("O1", Side.Buy, 2, "OPENED", at: 1),
            s.Order("O1", Side.Buy, 2, "PARTIALLY_FILLED", at: 2, filled: 1),
            s.Order("O1", Side.Buy, 2, "FILLED", at: 3, filled: 2),
            s.End(),
        ]);
        File.WriteAllLines(db.Sibling("events.jsonl"), events.Select(EventLines.Line));
        Assert.That(Cli.Run(db.Folder, "import", "events.jsonl", "--db", db.Path).ExitCode, Is.EqualTo(0));
        var logged = Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_events");

        var again = Cli.Run(db.Folder, "import", "events.jsonl", "--db", db.Path);

        Assert.That(again.ExitCode, Is.EqualTo(0), again.ToString());
        Assert.That(again.Out, Does.Contain("→ 0 stored"));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_events"), Is.EqualTo(logged));
        Assert.That(Db.Query<string>(db.Path, "SELECT status FROM orders"), Is.EqualTo(new[] { "FILLED" }));
    }

    [Test]
    public void A_bar_updated_in_place_is_a_repeat_the_second_time_however_the_events_are_batched()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var events = s.Start().ToList();
        for (var minute = 0; minute < 6; minute++)
        {
            // Three states of each bar while it forms (its close and its range move), then its closed state — but
            // the run's last bar, which is never reported closed.
            events.Add(s.Bar(minute, close: 5000 + minute, closed: false, at: (minute * 60) + 10));
            events.Add(s.Bar(minute, close: 4990 + minute, closed: false, at: (minute * 60) + 30));
            events.Add(s.Bar(minute, close: 5010 + minute, closed: minute < 5, at: (minute * 60) + 59));
        }

        events.Add(s.End());
        File.WriteAllLines(db.Sibling("events.jsonl"), events.Select(EventLines.Line));
        Assert.That(Cli.Run(db.Folder, "import", "events.jsonl", "--db", db.Path).ExitCode, Is.EqualTo(0));
        const string Bars = "SELECT ts_utc || ' ' || open || ' ' || high || ' ' || low || ' ' || close || ' ' || volume FROM bars ORDER BY ts_utc";
        var bars = Db.Query<string>(db.Path, Bars);
        var logged = Db.Query<string>(db.Path, "SELECT id || payload_json FROM ingest_events ORDER BY id");
        Assert.That(Db.Query<double>(db.Path, "SELECT close FROM bars ORDER BY ts_utc"),
            Is.EqualTo(Enumerable.Range(0, 6).Select(m => 5010.0 + m)), "each bar holds its last state");

        var again = Cli.Run(db.Folder, "import", "events.jsonl", "--db", db.Path);
        Assert.That(again.ExitCode, Is.EqualTo(0), again.ToString());
        Assert.That(again.Out, Does.Contain("→ 0 stored"));

        // The same events once more, each in a batch of its own: no state is coalesced away, so every earlier state
        // of every bar reaches the writer, after the file holds the last one.
        using (var session = RecorderSession.Open(db.Path, new RecorderOptions { MaxBatchSize = 1 }))
        {
            foreach (var e in events)
            {
                Assert.That(session.Record(e), Is.True);
            }

            Assert.That(session.Flush(TimeSpan.FromSeconds(30)).Completed, Is.True);
            Assert.That(session.Counters.Committed, Is.EqualTo(0), "nothing is new");
        }

        Assert.That(Db.Query<string>(db.Path, Bars), Is.EqualTo(bars), "no bar turned back to an earlier state");
        Assert.That(Db.Query<string>(db.Path, "SELECT id || payload_json FROM ingest_events ORDER BY id"), Is.EqualTo(logged), "nothing logged twice");
    }
}
