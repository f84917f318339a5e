using NUnit.Framework;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// When a flush makes the writer write the batch in hand at once instead of waiting out its delay: only while a flush
/// waits for events not settled yet. A flush whose events are written, though its caller has not returned, no longer
/// cuts the batches of the events recorded after it into batches of one; nor does one that returned with its time up.
/// </summary>
[TestFixture]
public sealed class FlushWaitsTests
{
    [Test]
    public void No_flush_waiting_awaits_nothing()
    {
        var flushes = new FlushWaits();

        Assert.That(flushes.Awaits(settled: 0), Is.False);
    }

    [Test]
    public void A_flush_awaits_the_batch_until_its_events_are_settled_though_it_has_not_returned()
    {
        var flushes = new FlushWaits();
        flushes.Begin(received: 5);

        Assert.That(flushes.Awaits(settled: 4), Is.True, "its fifth event is not written yet");
        Assert.That(flushes.Awaits(settled: 5), Is.False, "every event it waits for is written: later events batch as usual");
        Assert.That(flushes.Awaits(settled: 9), Is.False);
    }

    [Test]
    public void Of_two_flushes_the_later_target_decides_while_either_waits()
    {
        var flushes = new FlushWaits();
        flushes.Begin(received: 9);
        flushes.Begin(received: 5);

        Assert.That(flushes.Awaits(settled: 5), Is.True, "the flush called at the ninth event still waits");

        flushes.End(received: 5);
        Assert.That(flushes.Awaits(settled: 5), Is.True, "the flush called at the ninth event still waits");

        flushes.End(received: 9);
        Assert.That(flushes.Awaits(settled: 5), Is.False, "no flush waits any more");
    }

    [Test]
    public void A_flush_whose_time_was_up_leaves_a_later_flush_for_fewer_events_waiting_for_its_own_alone()
    {
        var flushes = new FlushWaits();
        flushes.Begin(received: 9);
        flushes.End(received: 9);
        flushes.Begin(received: 5);

        Assert.That(flushes.Awaits(settled: 4), Is.True, "the later flush's fifth event is not written yet");
        Assert.That(flushes.Awaits(settled: 5), Is.False, "its events are written: the ninth was the flush gone before it");
    }

    [Test]
    public void Two_flushes_for_the_same_events_wait_until_both_returned()
    {
        var flushes = new FlushWaits();
        flushes.Begin(received: 7);
        flushes.Begin(received: 7);
        flushes.End(received: 7);

        Assert.That(flushes.Awaits(settled: 6), Is.True, "the other flush for seven events still waits");

        flushes.End(received: 7);
        Assert.That(flushes.Awaits(settled: 6), Is.False);
    }

    [Test]
    public void Flushes_begun_on_many_threads_keep_the_highest_target()
    {
        var flushes = new FlushWaits();
        Parallel.For(1, 10_001, target => flushes.Begin(target));

        Assert.That(flushes.Awaits(settled: 9_999), Is.True);
        Assert.That(flushes.Awaits(settled: 10_000), Is.False);

        Parallel.For(2, 10_001, target => flushes.End(target));
        Assert.That(flushes.Awaits(settled: 0), Is.True, "the flush for one event still waits");

        flushes.End(1);
        Assert.That(flushes.Awaits(settled: 0), Is.False);
    }
}
