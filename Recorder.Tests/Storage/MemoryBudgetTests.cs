using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// While the file cannot be written, the queue stays within its memory budget: bars give way in the documented order
/// and trading events go to the spill file, from which they reach the file once it is writable again.
/// </summary>
[TestFixture]
public sealed class MemoryBudgetTests
{
    [TearDown]
    public void CloseSessions() => WriterClock.CloseFollowed();

    private const long Budget = 256 * 1024;

    [Test]
    public void A_lock_held_at_live_rates_spends_the_budget_bars_give_way_and_every_trading_event_reaches_the_file()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var clock = new FakeClock(Scenario.T0);
        var messages = new MessageLog(clock);
        using var session = WriterClock.Follow(clock, RecorderSession.Open(db.Path, Options(messages, clock)));
        Write(session, s.Start());
        var orders = new List<string>();
        using (var holder = OtherProgram.HoldingWriteLock(db.Path))
        {
            for (var i = 0; i < 6000; i++)
            {
                session.Record(s.Bar(i / 10, 5000 + i % 7, closed: i % 10 == 9));
                if (i % 3 == 0)
                {
                    var id = "O" + i;
                    Assert.That(session.Record(s.Order(id, Side.Buy, 1, at: i)), Is.True, "a trading event is always taken");
                    orders.Add(id);
                }
            }

            // Between two attempts at the locked file, memory past the budget goes to the spill file.
            WriterClock.MoveUntil(clock, () => messages.Has(m => m.Contains("written to the spill file", StringComparison.Ordinal)));
            var counters = session.Counters;
            Assert.That(counters.Spilled, Is.GreaterThan(0), () => $"trading events spilled; counters: {counters}; messages: {messages}");
            Assert.That(counters.GaveWay.GetValueOrDefault("forming bar"), Is.GreaterThan(0), "forming bars gave way first");
            Assert.That(File.Exists(db.Path + ".spill"), Is.True, "the spill file is beside the database");
            Assert.That(counters.QueuedBytes, Is.LessThanOrEqualTo(Budget), "the queue is brought back within its budget");
            holder.Release();
        }

        Assert.That(WriterClock.Flush(session, clock).Completed, Is.True);
        Assert.That(Db.Query<string>(db.Path, "SELECT order_id FROM orders").Order(StringComparer.Ordinal),
            Is.EqualTo(orders.Order(StringComparer.Ordinal)), "no trading event was lost");
        Assert.That(session.Counters.Spilled, Is.Zero);
        Assert.That(File.Exists(db.Path + ".spill") || File.Exists(db.Path + ".spill.reading"), Is.False, "read back, the spill file is gone");
        Assert.That(Db.Scalar<string>(db.Path, "PRAGMA integrity_check"), Is.EqualTo("ok"));
        Assert.That(messages.Snapshot(), Has.Some.Contains("memory budget reached"));
    }

    [Test]
    public void A_producer_that_may_wait_waits_at_the_budget_and_none_of_its_bars_gives_way()
    {
        // An import of a live run's file: the same bars that give way above when the platform hands them over are waited
        // for here, the last one's only state (still forming when the run stopped) included.
        using var db = new TempDatabase();
        var s = new Scenario();
        var clock = new FakeClock(Scenario.T0);
        var messages = new MessageLog(clock);
        using var session = WriterClock.Follow(clock, RecorderSession.Open(db.Path, Options(messages, clock) with { QueueCapacity = 100_000 }));
        Write(session, s.Start());
        const int updates = 6000;
        Task producer;
        using (var holder = OtherProgram.HoldingWriteLock(db.Path))
        {
            producer = Task.Run(() =>
            {
                for (var i = 0; i < updates; i++)
                {
                    Assert.That(session.RecordWaiting(s.Bar(i / 10, 5000 + i % 7, closed: i % 10 == 9 && i < updates - 10, at: 6 * i)), Is.True);
                }
            });

            // The locked file writes nothing: the producer waits where forming bars would give way, and each failed attempt
            // moves what waits to the spill file, which lets it go on.
            WriterClock.MoveUntil(clock, () => producer.IsCompleted);
            var counters = session.Counters;
            Assert.That(counters.GaveWay, Is.Empty, "no bar gave way");
            Assert.That(counters.Spilled, Is.GreaterThan(0), () => $"bars went to the spill file; counters: {counters}");
            Assert.That(counters.QueuedBytes, Is.LessThanOrEqualTo(Budget), "memory stayed within the budget");
            holder.Release();
        }

        Assert.That(producer.Wait(TimeSpan.Zero), Is.True, "the producer met no error");
        Assert.That(WriterClock.Flush(session, clock).Completed, Is.True);
        Assert.That(session.Counters.GaveWay, Is.Empty, "no bar gave way");
        var bars = Db.Query<(long, double, long)>(db.Path,
            "SELECT COUNT(*), MAX(close) FILTER (WHERE ts = (SELECT MAX(ts) FROM v_series_bars)), COUNT(forming_utc) FROM v_series_bars");
        Assert.That(bars, Is.EqualTo(new[] { ((long)updates / 10, 5000.0 + (updates - 1) % 7, 1L) }),
            "every bar with its last state; the last one forming");
    }

    // With a job waiting for the events the lock keeps from the file (the run's analysis, asked for after them), the close
    // waits for its jobs only until the part of its budget kept for the loop to stop and spill: that wait once took the
    // whole budget, and the close returned before the loop had put the events in the spill file.
    [TestCase(false)]
    [TestCase(true)]
    public void Events_a_close_could_not_write_are_kept_in_the_spill_file_and_written_by_the_next_open(bool aJobWaitsForThem)
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var clock = new FakeClock(Scenario.T0);
        var first = WriterClock.Follow(clock, RecorderSession.Open(db.Path, Options(new MessageLog(clock), clock)));
        Write(first, s.Start());
        var holder = OtherProgram.HoldingWriteLock(db.Path);
        for (var i = 0; i < 50; i++)
        {
            first.Record(s.Order("K" + i, Side.Sell, 1, at: i));
        }

        var analysis = aJobWaitsForThem ? first.AnalyzeRunWhenWritten(s.RunId) : null;
        var closed = WriterClock.WhileMoving(clock, () => first.Close(TimeSpan.FromSeconds(1)), budget: TimeSpan.FromSeconds(1), onClock: true);
        Assert.That(closed.Completed, Is.False, "the lock is still held");
        Assert.That(SpillLines(db.Path), Is.GreaterThanOrEqualTo(50),
            () => $"the writer kept what it could not write, within the close's budget; the close said: {closed.Message}; counters: {first.Counters}");
        Assert.That(closed.Message, Does.Contain("spill file"), closed.Message);
        if (analysis is not null)
        {
            Assert.That(async () => await analysis, Throws.InstanceOf<OperationCanceledException>(), "the job that could not run is called off, not left waiting");
        }

        holder.Release();
        holder.Dispose();

        using (var second = RecorderSession.Open(db.Path))
        {
            Assert.That(second.Flush(TimeSpan.FromSeconds(60)).Completed, Is.True);
        }

        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM orders WHERE order_id LIKE 'K%'"), Is.EqualTo(50));
        Assert.That(File.Exists(db.Path + ".spill") || File.Exists(db.Path + ".spill.reading"), Is.False);
    }

    private static RecorderOptions Options(MessageLog messages, FakeClock clock) => new()
    {
        MemoryBudgetBytes = Budget, QueueCapacity = 64, Time = clock, Diagnostics = messages.Add,
    };

    private static void Write(RecorderSession session, IEnumerable<RecorderEvent> events)
    {
        foreach (var e in events)
        {
            session.Record(e);
        }

        Assert.That(session.Flush(TimeSpan.FromSeconds(30)).Completed, Is.True);
    }

    private static int SpillLines(string path) =>
        new[] { path + ".spill", path + ".spill.reading" }.Where(File.Exists)
            .Sum(f => File.ReadLines(f).Count(l => l.Length > 0));
}
