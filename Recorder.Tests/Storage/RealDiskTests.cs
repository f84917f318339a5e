using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// The file's disk fills up in the middle of a run: a real tmpfs mounted by the test. Nothing reaches the caller, memory stays within the budget, trading events wait in the spill file (in the temp
/// folder when the database's disk is full) and reach the file once it can be written again.
/// </summary>
[TestFixture]
[Category("LinuxRoot")]
public sealed class RealDiskTests
{
    private const long Budget = 256 * 1024;

    [TearDown]
    public void CloseSessions() => WriterClock.CloseFollowed();

    [Test]
    public void A_full_disk_throws_nothing_stays_within_budget_and_every_trading_event_reaches_the_file_once_space_is_freed()
    {
        using var disk = SmallDisk.Mount(megabytes: 32);
        var path = Path.Combine(disk.Path, "recorder.db");
        var s = new Scenario();
        var clock = new FakeClock(Scenario.T0);
        var messages = new MessageLog(clock);
        var orders = new List<string>();
        using (var session = WriterClock.Follow(clock, RecorderSession.Open(path, Options(messages, clock))))
        {
            Write(session, clock, s.Start());
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

            // The writer meets the full disk; between two attempts (its back-off on the test's clock) memory past the
            // budget goes to the spill file.
            WriterClock.MoveUntil(clock, () => session.Counters is { LastError: not null, QueuedBytes: <= Budget });
            Assert.That(session.Counters.Spilled + session.Counters.Committed, Is.GreaterThan(0));

            File.Delete(filler);
            var flushed = WriterClock.Flush(session, clock);
            Assert.That(flushed.Completed, Is.True, () => $"{flushed}; {session.Counters}; messages: {messages}");
        }

        Assert.That(Db.Query<string>(path, "SELECT order_id FROM orders").Order(StringComparer.Ordinal),
            Is.EqualTo(orders.Order(StringComparer.Ordinal)), "no trading event was lost");
        Assert.That(Db.Scalar<string>(path, "PRAGMA integrity_check"), Is.EqualTo("ok"));
        Assert.That(messages.Snapshot(), Has.Some.Match("(?i)full|space"), "the log says what happened");
        Assert.That(messages.Snapshot().Count(m => m.Contains("will retry", StringComparison.Ordinal)), Is.LessThanOrEqualTo(3),
            "a disk that stays full is said once, not once per retry");
    }

    private static RecorderOptions Options(MessageLog messages, FakeClock clock) => new()
    {
        MemoryBudgetBytes = Budget, QueueCapacity = 64, Time = clock, Diagnostics = messages.Add,
    };

    private static void Write(RecorderSession session, FakeClock clock, IEnumerable<RecorderEvent> events)
    {
        foreach (var e in events)
        {
            session.Record(e);
        }

        Assert.That(WriterClock.Flush(session, clock).Completed, Is.True);
    }
}
