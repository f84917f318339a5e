using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// The file's disk fills up in the middle of a run: a real tmpfs mounted by the test. Nothing reaches the caller, memory stays within the budget, trading events wait in the journal (in the temp
/// folder when the database's disk is full) and reach the file once it can be written again.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("LinuxRoot")]
public sealed class RealDiskTests
{
    private const long Budget = 256 * 1024;

    [Test]
    public void A_full_disk_throws_nothing_stays_within_budget_and_every_trading_event_reaches_the_file_once_space_is_freed()
    {
        using var disk = SmallDisk.Mount(megabytes: 32);
        var path = Path.Combine(disk.Path, "recorder.db");
        var s = new Scenario();
        var messages = new MessageLog();
        var orders = new List<string>();
        using (var session = RecorderSession.Open(path, Options(messages)))
        {
            Write(session, s.Start());
            var filler = disk.Fill();

            for (var i = 0; i < 20_000; i++)
            {
                Assert.That(() => session.Record(s.Bar(i / 10, 5000 + i % 7, closed: i % 10 == 9)), Throws.Nothing);
                if (i % 4 == 0)
                {
                    var id = "O" + i;
                    Assert.That(session.Record(s.Order(id, Side.Buy, 1, at: i)), Is.True, "a trading event is always taken");
                    orders.Add(id);
                }
            }

            Assert.That(() => session.Counters.LastError, Is.Not.Null.After(30_000, 50), () => $"the writer met the full disk; {session.Counters}");
            Assert.That(() => session.Counters.QueuedBytes, Is.LessThanOrEqualTo(Budget).After(30_000, 50), () => $"within budget; {session.Counters}");
            Assert.That(session.Counters.Journaled + session.Counters.Committed, Is.GreaterThan(0));

            File.Delete(filler);
            var flushed = session.Flush(TimeSpan.FromSeconds(120));
            Assert.That(flushed.Completed, Is.True, () => $"{flushed}; {session.Counters}; messages: {messages}");
        }

        Assert.That(Db.Query<string>(path, "SELECT order_id FROM orders").Order(StringComparer.Ordinal),
            Is.EqualTo(orders.Order(StringComparer.Ordinal)), "no trading event was lost");
        Assert.That(Db.Scalar<string>(path, "PRAGMA integrity_check"), Is.EqualTo("ok"));
        Assert.That(messages.Snapshot(), Has.Some.Match("(?i)full|space"), "the log says what happened");
        Assert.That(messages.Snapshot().Count(m => m.Contains("will retry", StringComparison.Ordinal)), Is.LessThanOrEqualTo(3),
            "a disk that stays full is said once, not once per retry");
    }

    private static RecorderOptions Options(MessageLog messages) => new()
    {
        MemoryBudgetBytes = Budget, QueueCapacity = 64, RetryBaseDelay = TimeSpan.FromMilliseconds(10), RetryMaxDelay = TimeSpan.FromMilliseconds(200),
        Diagnostics = messages.Add,
    };

    private static void Write(RecorderSession session, IEnumerable<RecorderEvent> events)
    {
        foreach (var e in events)
        {
            session.Record(e);
        }

        Assert.That(session.Flush(TimeSpan.FromSeconds(30)).Completed, Is.True);
    }
}
