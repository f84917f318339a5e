using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
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
}
