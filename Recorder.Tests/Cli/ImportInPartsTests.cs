using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>One run imported in two files: the first import ends mid-run, cleanly, so the run is not abandoned.</summary>
[TestFixture]
public sealed class ImportInPartsTests
{
    [Test]
    public void A_run_imported_in_two_files_ends_completed_with_nothing_quarantined()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var events = new List<RecorderEvent>(s.Start());
        for (var i = 0; i < 1000; i++)
        {
            events.Add(s.Order("O" + i, i % 2 == 0 ? Side.Buy : Side.Sell, 1, "FILLED", at: 1 + i, filled: 1));
        }

        events.Add(s.End(at: 5000));
        File.WriteAllLines(db.Sibling("part1.jsonl"), events.Take(1000).Select(Line));
        File.WriteAllLines(db.Sibling("part2.jsonl"), events.Skip(1000).Select(Line));

        var first = Cli.Run(db.Folder, "import", "part1.jsonl", "--db", db.Path);
        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        Assert.That(Db.Scalar<string>(db.Path, "SELECT status FROM strategy_runs"), Is.EqualTo("RUNNING"));

        var second = Cli.Run(db.Folder, "import", "part2.jsonl", "--db", db.Path);
        Assert.That(second.ExitCode, Is.EqualTo(0), second.ToString());

        Assert.That(Db.Scalar<string>(db.Path, "SELECT status FROM strategy_runs"), Is.EqualTo("COMPLETED"));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_quarantine"), Is.Zero);
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM orders"), Is.EqualTo(1000));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_events WHERE json_extract(payload_json, '$.status') = 'Abandoned'"),
            Is.Zero, "no presumed end was recorded");
    }

    private static string Line(RecorderEvent e) => EventLines.Line(e);
}
