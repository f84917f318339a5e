using NUnit.Framework;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// What wakes the writer sleeping on its queue: idle, any event; while a batch waits out its delay, only what fills the
/// batch (by count or by bytes, the count capped at the capacity where a backtest waits for room), so a backtest's
/// stream of events does not wake it once per event — and, while a backtest's batch waits out its longer delay, an event
/// of another source. Each sleeper is asleep before the events come, and an event that
/// wakes it says so before Enqueue returns, so nothing here waits on the clock.
/// </summary>
[TestFixture]
public sealed class QueueWakeTests
{
    private readonly Scenario scenario = new();
    private readonly Scenario backtest = new(source: RunSource.Backtest);
    private long sequence;

    [Test]
    public void Idle_the_first_event_wakes_the_writer()
    {
        var queue = new EventQueue(capacity: 1000, budgetBytes: 1L << 30);
        var sleeper = Asleep(queue, events: 1, bytes: long.MaxValue);

        Queue(queue, 1);

        Assert.That(queue.Sleeping, Is.False);
        Assert.That(sleeper.Wait(TimeSpan.FromSeconds(30)), Is.True);
    }

    [Test]
    public void Events_that_cannot_fill_the_batch_leave_the_writer_asleep_until_one_does()
    {
        var queue = new EventQueue(capacity: 1000, budgetBytes: 1L << 30);
        var sleeper = Asleep(queue, events: 10, bytes: long.MaxValue);

        Queue(queue, 9);
        Assert.That(queue.Sleeping, Is.True, "nine of the ten the batch has room for");
        Assert.That(sleeper.IsCompleted, Is.False);

        Queue(queue, 1);
        Assert.That(queue.Sleeping, Is.False, "the tenth fills it");
        Assert.That(sleeper.Wait(TimeSpan.FromSeconds(30)), Is.True);
    }

    [Test]
    public void Events_that_fill_the_batchs_bytes_wake_the_writer_before_its_count_is_reached()
    {
        var queue = new EventQueue(capacity: 1000, budgetBytes: 1L << 30);
        Queue(queue, 1);
        var one = queue.QueuedBytes;
        var sleeper = Asleep(queue, events: 1000, bytes: one * 4);

        Queue(queue, 2);
        Assert.That(queue.Sleeping, Is.True, "three events' bytes of the four it sleeps for");

        Queue(queue, 1);
        Assert.That(queue.Sleeping, Is.False);
        Assert.That(sleeper.Wait(TimeSpan.FromSeconds(30)), Is.True);
    }

    [Test]
    public void A_full_queue_wakes_the_writer_however_large_the_batch()
    {
        var queue = new EventQueue(capacity: 5, budgetBytes: 1L << 30);
        var sleeper = Asleep(queue, events: 100, bytes: long.MaxValue);

        Queue(queue, 4);
        Assert.That(queue.Sleeping, Is.True);

        Queue(queue, 1);
        Assert.That(queue.Sleeping, Is.False, "at its capacity a backtest's producer waits for room: the writer must take");
        Assert.That(sleeper.Wait(TimeSpan.FromSeconds(30)), Is.True);
    }

    [Test]
    public void Waiting_out_a_backtest_batchs_delay_an_event_of_another_source_wakes_the_writer_and_a_backtest_event_does_not()
    {
        var queue = new EventQueue(capacity: 1000, budgetBytes: 1L << 30);
        var sleeper = Asleep(queue, events: 100, bytes: long.MaxValue, otherSource: true);

        Queue(queue, 5, backtest);
        Assert.That(queue.Sleeping, Is.True, "a backtest's events that cannot fill the batch");

        Queue(queue, 1, scenario);
        Assert.That(queue.Sleeping, Is.False, "a live event waits the short delay, not the backtest's");
        Assert.That(sleeper.Wait(TimeSpan.FromSeconds(30)), Is.True);
    }

    [Test]
    public void An_event_of_another_source_already_queued_keeps_the_writer_from_waiting_out_a_backtest_batchs_delay()
    {
        var queue = new EventQueue(capacity: 1000, budgetBytes: 1L << 30);
        Queue(queue, 1, scenario);

        // Queued between the writer's last look at the queue and its sleep: it must not lie down.
        var slept = Task.Run(() => queue.Sleep(() => false, events: 100, otherSource: true));
        Assert.That(slept.Wait(TimeSpan.FromSeconds(30)), Is.True);

        var taken = new List<Envelope>();
        long bytes = 0;
        queue.Take(taken, 100, ref bytes, long.MaxValue);
        Queue(queue, 1, backtest);
        var sleeper = Asleep(queue, events: 100, bytes: long.MaxValue, otherSource: true);
        Assert.That(sleeper.IsCompleted, Is.False, "the live event was taken: only a backtest's is queued");
        queue.Wake();
        Assert.That(sleeper.Wait(TimeSpan.FromSeconds(30)), Is.True);
    }

    [Test]
    public void Without_a_backtest_batchs_delay_an_event_of_another_source_that_cannot_fill_the_batch_leaves_the_writer_asleep()
    {
        var queue = new EventQueue(capacity: 1000, budgetBytes: 1L << 30);
        var sleeper = Asleep(queue, events: 100, bytes: long.MaxValue);

        Queue(queue, 3, scenario);
        Assert.That(queue.Sleeping, Is.True, "its batch already waits the short delay");
        queue.Wake();
        Assert.That(sleeper.Wait(TimeSpan.FromSeconds(30)), Is.True);
    }

    // A test's clock moves only while the writer rests (WriterClock.Follow): a writer that something woke has work to
    // do though its thread may not have run yet, and its waiting thread looks the same as a resting one. The wake comes
    // here between lying down and the wait, where the sleep looks at what it was asked, so the check needs no timing.
    [TestCase(false)]
    [TestCase(true)]
    public void A_writer_something_woke_is_woken_until_it_is_back_from_its_sleep(bool byAnEvent)
    {
        var queue = new EventQueue(capacity: 1000, budgetBytes: 1L << 30);
        var seen = new List<bool>();
        queue.Sleep(() =>
        {
            seen.Add(queue.Woken);
            if (byAnEvent)
            {
                Queue(queue, 1);
            }
            else
            {
                queue.Wake();
            }

            seen.Add(queue.Woken);
            return false;
        });

        Assert.That(seen, Is.EqualTo(new[] { false, true }), "asleep, then woken");
        Assert.That(queue.Woken, Is.False, "back from its sleep");
    }

    // The writer's side: asleep on its own thread, as the loop sleeps, before the test queues anything.
    private static Task Asleep(EventQueue queue, long events, long bytes, bool otherSource = false)
    {
        var sleeper = Task.Factory.StartNew(() => queue.Sleep(() => false, events, bytes, otherSource), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.That(SpinWait.SpinUntil(() => queue.Sleeping || sleeper.IsCompleted, TimeSpan.FromSeconds(30)), Is.True);
        Assert.That(sleeper.IsCompleted, Is.False, "it had nothing to wake for");
        return sleeper;
    }

    private void Queue(EventQueue queue, int events) => Queue(queue, events, scenario);

    private void Queue(EventQueue queue, int events, Scenario of)
    {
        for (var i = 0; i < events; i++)
        {
            sequence++;
            Assert.That(queue.Enqueue(new Envelope(of.Bar((int)sequence), sequence, Scenario.T0.Ticks), mayWait: false), Is.True);
        }
    }
}
