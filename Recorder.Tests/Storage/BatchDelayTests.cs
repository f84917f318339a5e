using NUnit.Framework;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// How long a batch waits for more events, on the writer's clock: a batch of a backtest's events only waits
/// <see cref="RecorderOptions.BacktestBatchDelay"/>, any other <see cref="RecorderOptions.MaxBatchDelay"/>, and an event
/// of another source that joins a backtest's batch brings it down to the short delay; a job ready to run its steps waits
/// for the batch in hand instead of cutting it. Measured as the clock's time from the event's arrival to its commit; the
/// clock moves only while the writer rests.
/// </summary>
[TestFixture]
public sealed class BatchDelayTests
{
    private static readonly RecorderOptions Defaults = new();

    [TearDown]
    public void CloseSessions() => WriterClock.CloseFollowed();

    [Test]
    public void The_defaults_give_a_backtest_batch_the_longer_delay()
    {
        Assert.That(Defaults.BacktestBatchDelay, Is.GreaterThan(Defaults.MaxBatchDelay));
        Assert.That(Defaults.BacktestBatchDelay, Is.LessThan(new RecorderOptions().UnsyncedWindow),
            "a backtest's batch waits less than what a power cut may take of it");
    }

    [TestCase(RunSource.Backtest)]
    [TestCase(RunSource.Live)]
    [TestCase(RunSource.Paper)]
    [TestCase(RunSource.Replay)]
    public void A_batch_commits_after_its_sources_delay(RunSource source)
    {
        using var db = new TempDatabase();
        var run = new Scenario(source: source);
        var (session, clock) = Started(db, run);
        var arrived = clock.GetUtcNow();

        session.Record(run.Bar(0));
        var waited = UntilCommitted(session, clock, arrived);

        Assert.That(waited, Is.EqualTo(source == RunSource.Backtest ? Defaults.BacktestBatchDelay : Defaults.MaxBatchDelay));
    }

    [Test]
    public void A_live_event_that_joins_a_backtests_batch_is_committed_with_it_after_the_short_delay()
    {
        using var db = new TempDatabase();
        var (backtest, live) = (new Scenario(source: RunSource.Backtest), new Scenario(source: RunSource.Live));
        var (session, clock) = Started(db, backtest, live);
        var arrived = clock.GetUtcNow();
        var committed = session.Counters.Committed;

        session.Record(backtest.Bar(1));
        // The backtest's batch waits on its alarm; the clock moves to the live event's moment while it does.
        Rested(session, clock);
        clock.Advance(Defaults.MaxBatchDelay * 3);
        Rested(session, clock);
        Assert.That(session.Counters.Committed, Is.EqualTo(committed), "inside the backtest's delay, nothing is committed yet");

        var joined = clock.GetUtcNow();
        session.Record(live.Bar(1));
        var waited = UntilCommitted(session, clock, joined, committed + 2);

        Assert.That(waited, Is.EqualTo(TimeSpan.Zero), "past the short delay since the batch's first event: committed at once");
        Assert.That(clock.GetUtcNow() - arrived, Is.LessThan(Defaults.BacktestBatchDelay));
    }

    [Test]
    public void A_job_ready_while_a_batch_waits_runs_after_the_batch_instead_of_cutting_it()
    {
        // An optimisation: the last pass's end analysis is prepared while the next pass's events fill a batch. Cut for the
        // analysis' steps, the pass's events took two commits.
        using var db = new TempDatabase();
        var next = new Scenario(source: RunSource.Backtest);
        var (session, clock) = Started(db, next);
        var committed = session.Counters.Committed;
        long? committedAtStep = null;
        var (job, release) = Preparing(session, () => committedAtStep = session.Counters.Committed);

        var arrived = clock.GetUtcNow();
        session.Record(next.Bar(0));
        Rested(session, clock);
        release.SetResult();
        Assert.That(SpinWait.SpinUntil(() => session.WriterJobsReady || job.IsCompleted, TimeSpan.FromSeconds(60)), Is.True);
        Rested(session, clock);
        Assert.That((session.Counters.Committed, job.IsCompleted), Is.EqualTo((committed, false)),
            "the job's steps wait for the batch in hand, which waits out its delay");

        WriterClock.MoveUntil(clock, () => job.IsCompleted);
        Assert.That(job.IsCompletedSuccessfully, Is.True);
        Assert.That(committedAtStep, Is.EqualTo(committed + 1), "the step ran once the batch was written");
        Assert.That(clock.GetUtcNow() - arrived, Is.EqualTo(Defaults.BacktestBatchDelay));
    }

    [Test]
    public void A_job_ready_while_a_live_batch_waits_cuts_the_batch_as_it_always_did()
    {
        // A live run's drift check or running analysis is not held back by its own run's next events.
        using var db = new TempDatabase();
        var live = new Scenario(source: RunSource.Live);
        var (session, clock) = Started(db, live);
        var committed = session.Counters.Committed;
        var (job, release) = Preparing(session, () => { });

        var arrived = clock.GetUtcNow();
        session.Record(live.Bar(0));
        Rested(session, clock);
        release.SetResult();
        Assert.That(SpinWait.SpinUntil(() => job.IsCompleted, TimeSpan.FromSeconds(60)), Is.True, "no move of the clock needed");
        Assert.That(session.Counters.Committed, Is.EqualTo(committed + 1), "the batch was cut for the job");
        Assert.That(clock.GetUtcNow(), Is.EqualTo(arrived));
    }

    // A writer job whose preparation has started (the writer, idle, starts it at once) and goes on when released; its one
    // step runs `step` on the writer's thread.
    private static (Task Job, TaskCompletionSource Release) Preparing(RecorderSession session, Action step)
    {
        var preparing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = session.RunOnWriter(_ =>
        {
            preparing.SetResult();
            release.Task.Wait();
            return [_ => step()];
        });
        Assert.That(preparing.Task.Wait(TimeSpan.FromSeconds(60)), Is.True, "the writer, idle, starts preparing the job");
        return (job, release);
    }

    // A session on a fake clock whose runs have started, everything flushed: the writer is idle. Its runs are not analysed
    // while they record: the flush moves the clock through the writer's waits, and may carry it to a replay's or a live
    // run's running analysis, a job that would then cut the batch a test times (as a ready job does; the tests here
    // make their own jobs).
    private static (RecorderSession Session, FakeClock Clock) Started(TempDatabase db, params Scenario[] runs)
    {
        var clock = new FakeClock(Scenario.T0);
        var session = WriterClock.Follow(clock, RecorderSession.Open(db.Path,
            new RecorderOptions { Time = clock, LiveAnalysisInterval = null, BacktestAnalysisInterval = null }));
        foreach (var run in runs)
        {
            foreach (var e in run.Start())
            {
                session.Record(e);
            }
        }

        Assert.That(WriterClock.Flush(session, clock).Completed, Is.True);
        return (session, clock);
    }

    // The writer has taken what it was woken for and sleeps again (a signal, not a pace: the bound is a safety net).
    private static void Rested(RecorderSession session, FakeClock clock) =>
        Assert.That(SpinWait.SpinUntil(() => clock.WritersRest() && !session.WriterWoken, TimeSpan.FromSeconds(60)), Is.True);

    // The clock's time from `from` until the writer has committed `until` events (default: one more than now).
    private static TimeSpan UntilCommitted(RecorderSession session, FakeClock clock, DateTimeOffset from, long? until = null)
    {
        var target = until ?? session.Counters.Committed + 1;
        WriterClock.MoveUntil(clock, () => session.Counters.Committed >= target);
        return clock.GetUtcNow() - from;
    }
}
