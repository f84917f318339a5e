using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>Output to a pipe or a file has no width: the real program's lines arrive whole, however long.</summary>
[TestFixture]
public sealed class PipeOutputTests
{
    [Test]
    public void Import_to_a_pipe_writes_every_line_and_every_reason_unwrapped()
    {
        using var temp = new TempDatabase();
        // Past any width a console would assume (80, 120, 160), on every OS's path limit.
        var folder = Path.Combine(temp.Folder, string.Concat(Enumerable.Repeat("a-long-folder-name-", 7)));
        Directory.CreateDirectory(folder);
        var database = Path.Combine(folder, "runs.db");
        var s = new Scenario();
        var unknownType = "POSITION" + new string('X', 170);
        List<string> lines =
        [
            .. s.Start().Select(EventLines.Line), $$"""{"event_type":"{{unknownType}}","run_id":"x"}""",
            EventLines.Line(s.Order("O1", Side.Buy, 1, "FILLED", filled: 1)), EventLines.Line(s.End()),
        ];
        File.WriteAllLines(Path.Combine(folder, "events.jsonl"), lines);

        var run = ProcessTests.Recorder(folder, "import", "events.jsonl", "--db", database);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        var output = run.Out.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var errors = run.Error.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("Created " + database));
            Assert.That(output.Where(l => l.StartsWith("Read ", StringComparison.Ordinal)).ToList(),
                Has.Count.EqualTo(1).And.All.EndsWith("1 line(s) skipped."));
            Assert.That(errors.Where(l => l.StartsWith("line ", StringComparison.Ordinal)).ToList(),
                Has.Count.EqualTo(1).And.All.Contain(unknownType).And.All.EndsWith("— skipped"));
        });
    }
}
