using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using QuantowerRecorder.Cli.Watch;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// How `recorder watch` notices a change without opening the file: the stamp of the file and its WAL, looked at once
/// every 500 ms of an injected clock.
/// </summary>
[TestFixture]
public sealed class WatchFileTests
{
    [Test]
    public async Task A_look_says_changed_only_when_the_file_or_its_wal_moved_or_the_file_went()
    {
        using var db = new TempDatabase();
        var (watch, clock) = await Watched(db);

        Assert.That(await Look(watch, clock), Is.False, "nothing moved");

        await File.WriteAllTextAsync(db.Path + "-wal", "a commit");
        Assert.That(await Look(watch, clock), Is.True, "the WAL appeared");
        Assert.That(await Look(watch, clock), Is.False, "and is seen once");

        await File.AppendAllTextAsync(db.Path + "-wal", " and another");
        Assert.That(await Look(watch, clock), Is.True, "the WAL grew");

        File.Delete(db.Path);
        Assert.That(await Look(watch, clock), Is.True, "the file went");
        Assert.That(await Look(watch, clock), Is.False, "still gone");
    }

    [Test]
    public async Task A_commit_made_while_the_first_read_reads_is_seen_at_the_next_look()
    {
        using var db = new TempDatabase();
        var (watch, clock) = await Watched(db);
        await File.WriteAllTextAsync(db.Path + "-wal", "a commit before the read");

        // The read misses a commit made while it reads: the stamp it was given was taken before.
        var read = watch.First(() =>
        {
            File.AppendAllText(db.Path + "-wal", " and one while it reads");
            return "the view without the second commit";
        });

        Assert.That(read, Is.EqualTo("the view without the second commit"));
        Assert.That(await Look(watch, clock), Is.True, "the commit made during the read");
        Assert.That(await Look(watch, clock), Is.False, "seen once");
    }

    [Test]
    public void A_look_waits_its_interval_on_the_clock_it_is_given()
    {
        using var db = new TempDatabase();
        File.WriteAllText(db.Path, "first");
        var clock = new FakeTimeProvider();
        var look = new FileWatch(db.Path, clock).NextAsync(CancellationToken.None);

        clock.Advance(FileWatch.Interval - TimeSpan.FromMilliseconds(1));
        Assert.That(look.IsCompleted, Is.False);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(look.Wait(TimeSpan.FromSeconds(10)), Is.True);
    }

    // A file that exists, watched on a clock of its own.
    private static async Task<(FileWatch Watch, FakeTimeProvider Clock)> Watched(TempDatabase db)
    {
        await File.WriteAllTextAsync(db.Path, "first");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 14, 30, 0, TimeSpan.Zero));
        return (new FileWatch(db.Path, clock), clock);
    }

    private static async Task<bool> Look(FileWatch watch, FakeTimeProvider clock)
    {
        var look = watch.NextAsync(CancellationToken.None);
        clock.Advance(FileWatch.Interval);
        return await look;
    }
}
