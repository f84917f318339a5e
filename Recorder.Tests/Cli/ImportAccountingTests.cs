using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>An import's summary accounts for every event it read.</summary>
[TestFixture]
public sealed class ImportAccountingTests
{
    [Test]
    public void Every_event_is_stored_duplicate_superseded_or_quarantined()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var events = s.Start().ToList();
        // Forming updates of one bar, then the bar closed: only its newest state is written.
        events.AddRange([s.Bar(0, 5000, closed: false, at: 10), s.Bar(0, 5001, closed: false, at: 20), s.Bar(0, 5002, closed: true, at: 60)]);
        events.Add(s.Order("O1", Side.Buy, 1));
        events.Add(s.Order("O1", Side.Buy, 1));
        File.WriteAllLines(db.Sibling("events.jsonl"), events.Select(EventLines.Line));

        var run = Cli.Run(db.Folder, "import", "events.jsonl", "--db", db.Path, "--json");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        var r = json.RootElement;
        long N(string name) => r.GetProperty(name).GetInt64();
        Assert.That(N("committed") + N("duplicates") + N("superseded") + N("quarantined"), Is.EqualTo(N("events")));
        Assert.That(N("duplicates"), Is.EqualTo(1));
        Assert.That(Db.Scalar<double>(db.Path, "SELECT close FROM bars"), Is.EqualTo(5002));
    }
}
