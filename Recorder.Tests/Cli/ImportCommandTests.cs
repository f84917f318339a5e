using System.Text.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Ingest;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

[TestFixture]
public sealed class ImportCommandTests
{
    private static string Line(RecorderEvent e) => EventLines.Line(e);

    private static List<RecorderEvent> OneRun(Scenario s) =>
    [
        .. s.Start(), s.Order("O1", Side.Buy, 2, "FILLED", filled: 2), s.Fill("X1", "O1", Side.Buy, 1, 5000),
        s.Fill("X2", "O1", Side.Buy, 1, 5001), s.Bar(0), s.Bar(1, 5003),
        s.Order("O2", Side.Sell, 2, "FILLED", at: 100, filled: 2), s.Fill("X3", "O2", Side.Sell, 2, 5010, at: 101),
        s.End(),
    ];

    [Test]
    public void Import_appends_every_event_through_the_recorder_pipeline()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        File.WriteAllLines(db.Sibling("events.jsonl"), OneRun(s).Select(Line));
        var run = Cli.Run(db.Folder, "import", "events.jsonl", "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Out, Does.Contain("Created").And.Contain("12 event(s) → 12 stored"));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT status FROM strategy_runs WHERE run_id = @id", new { id = s.RunId }), Is.EqualTo("COMPLETED"));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM executions"), Is.EqualTo(3));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM v_events"), Is.EqualTo(12));
    }

    [Test]
    public void Import_reports_bad_lines_by_number_skips_them_and_imports_the_rest()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var lines = OneRun(s).Select(Line).ToList();
        lines.Insert(2, "{ this is not json");
        lines.Insert(4, """{"event_type":"POSITION","run_id":"x"}""");
        lines.Insert(6, """{"event_type":"EXECUTION","run_id":"r","event_utc":"2026-03-02T14:30:00Z","order_id":"O9"}""");
        lines.Insert(8, """{"run_id":"r"}""");
        lines.Insert(9, "");
        File.WriteAllLines(db.Sibling("events.jsonl"), lines);

        var run = Cli.Run(db.Folder, "import", "events.jsonl", "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Error, Does.Contain("line 3: not JSON"));
        Assert.That(run.Error, Does.Contain("line 5:").And.Contain("event_type: unknown event type 'POSITION'"));
        Assert.That(run.Error, Does.Contain("line 7:").And.Contain("execution_id"));
        Assert.That(run.Error, Does.Contain("line 9:").And.Contain("event_type: missing"));
        Assert.That(run.Error, Does.Not.Contain("line 10:"), "blank lines are not errors");
        Assert.That(run.Out, Does.Contain("4 line(s) skipped"));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM v_events"), Is.EqualTo(12));
    }

    [Test]
    public void Importing_the_same_file_twice_changes_nothing_and_reports_every_event_as_a_repeat()
    {
        using var db = new TempDatabase();
        var events = OneRun(new Scenario());
        File.WriteAllLines(db.Sibling("events.jsonl"), events.Select(Line));
        Assert.That(Cli.Run(db.Folder, "import", "events.jsonl", "--db", db.Path).ExitCode, Is.EqualTo(0));
        var tables = new[] { "strategy_runs", "orders", "executions", "ingest_events" };
        var before = tables.ToDictionary(t => t, t => Db.Dump(db.Path, t, "1"));

        var again = Cli.Run(db.Folder, "import", "events.jsonl", "--db", db.Path, "--json");

        using var json = JsonDocument.Parse(again.Out);
        Assert.That(again.ExitCode, Is.EqualTo(0), again.ToString());
        Assert.That(json.RootElement.GetProperty("created").GetBoolean(), Is.False);
        Assert.That(json.RootElement.GetProperty("duplicates").GetInt64(), Is.EqualTo(events.Count));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_quarantine"), Is.Zero);
        foreach (var table in tables)
        {
            Assert.That(Db.Dump(db.Path, table, "1"), Is.EqualTo(before[table]), table);
        }
    }

    [Test]
    public void Events_the_pipeline_refuses_are_quarantined_and_the_exit_code_says_so()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var events = OneRun(s);
        events.Add(s.Fill("X9", "O1", Side.Buy, -5, 5000));
        File.WriteAllLines(db.Sibling("events.jsonl"), events.Select(Line));
        var run = Cli.Run(db.Folder, "import", "events.jsonl", "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Out, Does.Contain("1 quarantined").And.Contain("ingest_quarantine"));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_quarantine"), Is.EqualTo(1));
    }

    [Test]
    public void Missing_events_file_is_a_clear_error()
    {
        using var db = new TempDatabase();
        var run = Cli.Run(db.Folder, "import", "nowhere.jsonl", "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("No such events file").And.Contain("docs/events.md"));
        Assert.That(File.Exists(db.Path), Is.False, "no database is created for nothing");
    }

    [Test]
    public void The_import_reader_reads_every_stored_payload_as_storage_does()
    {
        var s = new Scenario(source: RunSource.Backtest);
        var events = OneRun(s).Concat(
        [
            new RunProgress { RunId = s.RunId, EventUtc = s.At(5), Source = RunSource.Backtest, ProcessedCount = 5, TotalCount = 10 },
            new OcoGroupDefined { RunId = s.RunId, EventUtc = s.At(6), Source = RunSource.Backtest, OcoGroupId = "g", Label = "Bracket" },
            new OcoLinkAdded { RunId = s.RunId, EventUtc = s.At(6), Source = RunSource.Backtest, OcoGroupId = "g", OrderId = "O1", Role = "SL", PositionImpact = PositionImpact.Close },
            s.Order("O3", Side.Sell, 1, type: "STOP", stop: 4990) with { PositionImpact = PositionImpact.Reverse, ExtraJson = "{\"a\":1}" },
        ]).ToList();
        foreach (var e in events)
        {
            var parsed = EventLine.Read(Line(e));
            Assert.That(parsed.Error, Is.Null);
            Assert.That(PayloadJson.SerializeEvent(parsed.Event!), Is.EqualTo(PayloadJson.SerializeEvent(e)), e.EventType);
            var stored = PayloadJson.Serialize(e);
            Assert.That(PayloadJson.SerializeEvent(PayloadJson.DeserializeStored(e.EventType, stored, e.RunId, e.EventUtc, e.Source.ToString())),
                Is.EqualTo(PayloadJson.SerializeEvent(e)), "the stored payload with its row's run and time is the event: " + e.EventType);
        }
    }
}
