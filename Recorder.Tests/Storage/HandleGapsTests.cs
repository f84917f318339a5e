using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// How long a writer's close waits for the next handle (<see cref="HandleGaps"/>): the ceiling until a handle came after
/// the writer had none; then four times the longest of the latest eight such gaps, between the floor and the ceiling.
/// </summary>
[TestFixture]
public sealed class HandleGapsTests
{
    [Test]
    public void Before_any_handle_came_back_the_close_waits_the_ceiling()
    {
        var (time, gaps) = Gaps();
        Assert.That(gaps.Wait, Is.EqualTo(HandleGaps.Ceiling));

        // A handle that comes without the writer having been left (a pass opened before the last one closed) is no gap.
        gaps.Came();
        Assert.That(gaps.Wait, Is.EqualTo(HandleGaps.Ceiling));

        // Left and nobody came yet: still nothing learnt.
        gaps.Left();
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.That(gaps.Wait, Is.EqualTo(HandleGaps.Ceiling));
    }

    [TestCase(0, 10)]
    [TestCase(2, 10)]
    [TestCase(5, 20)]
    [TestCase(20, 80)]
    [TestCase(60, 100)]
    public void The_wait_is_four_times_the_gap_between_the_floor_and_the_ceiling(int gapMs, int waitMs)
    {
        var (time, gaps) = Gaps();
        Gap(time, gaps, TimeSpan.FromMilliseconds(gapMs));
        Assert.That(gaps.Wait, Is.EqualTo(TimeSpan.FromMilliseconds(waitMs)));
    }

    [Test]
    public void The_longest_of_the_latest_eight_gaps_counts_and_an_older_one_is_forgotten()
    {
        var (time, gaps) = Gaps();
        Gap(time, gaps, TimeSpan.FromMilliseconds(20));
        for (var i = 0; i < HandleGaps.Kept - 1; i++)
        {
            Gap(time, gaps, TimeSpan.FromMilliseconds(1));
            Assert.That(gaps.Wait, Is.EqualTo(TimeSpan.FromMilliseconds(80)), $"the slow gap is still among the latest ({i + 2})");
        }

        Gap(time, gaps, TimeSpan.FromMilliseconds(1));
        Assert.That(gaps.Wait, Is.EqualTo(HandleGaps.Floor), "the slow gap is the ninth from the latest");
    }

    [Test]
    public void A_gap_is_counted_from_the_last_time_the_writer_was_left_to_the_first_handle_after_it()
    {
        var (time, gaps) = Gaps();
        gaps.Left();
        time.Advance(TimeSpan.FromMilliseconds(3));
        gaps.Came();
        time.Advance(TimeSpan.FromMilliseconds(50));
        // A second handle while the first is open is not a gap: the writer was not left in between.
        gaps.Came();
        Assert.That(gaps.Wait, Is.EqualTo(TimeSpan.FromMilliseconds(12)));
    }

    private static void Gap(FakeTimeProvider time, HandleGaps gaps, TimeSpan gap)
    {
        gaps.Left();
        time.Advance(gap);
        gaps.Came();
        time.Advance(TimeSpan.FromSeconds(1));
    }

    private static (FakeTimeProvider Time, HandleGaps Gaps) Gaps()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        return (time, new HandleGaps(time));
    }
}
