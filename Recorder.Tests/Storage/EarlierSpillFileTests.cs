using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// An earlier version named the spill file <c>&lt;db&gt;.journal</c> (and set <c>.journal.reading</c> aside): what it
/// left there is written at the next open, before anything else, and the old files go.
/// </summary>
[TestFixture]
public sealed class EarlierSpillFileTests
{
    [Test]
    public void Events_an_earlier_version_left_in_db_journal_and_its_reading_file_are_written_at_open_in_order()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        using (var first = RecorderSession.Open(db.Path))
        {
            foreach (var e in s.Start())
            {
                first.Record(e);
            }

            Assert.That(first.Flush(TimeSpan.FromSeconds(30)).Completed, Is.True);
        }

        // The reading file was set aside before the journal was appended to: its events are the older ones.
        Lines(db.Path + ".journal.reading", s, "J0", "J1");
        Lines(db.Path + ".journal", s, "J2", "J3", "J4");

        var messages = new MessageLog();
        using (var second = RecorderSession.Open(db.Path, new RecorderOptions { Diagnostics = messages.Add }))
        {
            Assert.That(second.Flush(TimeSpan.FromSeconds(30)).Completed, Is.True);
        }

        Assert.That(Db.Query<string>(db.Path, "SELECT order_id FROM orders ORDER BY id"), Is.EqualTo(new[] { "J0", "J1", "J2", "J3", "J4" }));
        Assert.That(messages.Has(m => m.Contains("5 event(s) left in the spill file by an earlier session", StringComparison.Ordinal)),
            Is.True, () => string.Join("\n", messages.Snapshot()));
        Assert.That(new[] { ".journal", ".journal.reading", ".spill" }.Where(suffix => File.Exists(db.Path + suffix)), Is.Empty,
            "read back, the old files are gone and no new one was needed");
    }

    // An earlier version's lines: the same format as today's spill file.
    private static void Lines(string path, Scenario s, params string[] orders) =>
        File.WriteAllLines(path, orders.Select(id =>
            SpillFileLines.Format(new Envelope(s.Order(id, Side.Buy, 1), 100 + int.Parse(id[1..], System.Globalization.CultureInfo.InvariantCulture), Scenario.T0.Ticks))));
}
