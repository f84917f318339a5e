using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>Text a JSON line can carry but a string cannot hold is one bad line, not the end of the import.</summary>
[TestFixture]
public sealed class ImportBadTextTests
{
    [Test]
    public void Lines_with_an_unpaired_surrogate_are_reported_and_the_lines_after_them_are_imported()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var lines = s.Start().Select(EventLines.Line).ToList();
        lines.Add("""{"event_type":"\ud800","run_id":"r"}""");
        lines.Add(EventLines.Line(s.Order("O1", Side.Buy, 1)).Replace("\"order_id\":\"O1\"", "\"order_id\":\"O\\ud800\"", StringComparison.Ordinal));
        lines.Add(EventLines.Line(s.Order("O2", Side.Buy, 1)));
        lines.Add(EventLines.Line(s.End()));
        File.WriteAllLines(db.Sibling("events.jsonl"), lines);

        var run = Cli.Run(db.Folder, "import", "events.jsonl", "--db", db.Path);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        var first = s.Start().Count() + 1;
        Assert.That(run.Error, Does.Contain($"line {first}: event_type: a lone surrogate (invalid UTF-16)"));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM orders WHERE order_id = 'O2'"), Is.EqualTo(1), "the lines after it are imported");
        Assert.That(Db.Scalar<string>(db.Path, "SELECT status FROM strategy_runs"), Is.EqualTo("COMPLETED"));
        Assert.That(run.Error, Does.Contain($"line {first + 1}: order_id: a lone surrogate (invalid UTF-16)"), "the surrogate inside a payload is a bad line too");
        Assert.That(Db.Query<string>(db.Path, "SELECT order_id FROM orders"), Is.EqualTo(new[] { "O2" }));
    }
}
