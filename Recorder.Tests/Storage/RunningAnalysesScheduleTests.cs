using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// When the writer analyses a backtest while it records (<see cref="RunningAnalyses"/>): on its own interval, never sooner
/// after its last analysis than <see cref="RunningAnalyses.CostFactor"/> times what that one took, not once a store of it
/// is too big to keep, and not after its end is asked for, which calls off the one still computing.
/// </summary>
[TestFixture]
public sealed class RunningAnalysesScheduleTests
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(500);
    private static readonly string Backtest = StoredText.Source(RunSource.Backtest);

    // The analyses the schedule asks for, each completed by the test.
    private sealed class Asked(FakeTimeProvider clock)
    {
        public List<(TaskCompletionSource Done, CancellationToken CalledOff)> Analyses { get; } = [];

        public bool ImageKept { get; set; } = true;

        public RunningAnalyses Make() => new(clock, Live, Every, Analyse, _ => Task.CompletedTask, _ => ImageKept, () => { }, _ => { });

        /// <summary>A schedule whose backtest "r" was written and had its first analysis asked for, its interval passed.</summary>
        public RunningAnalyses First()
        {
            var schedule = Make();
            schedule.Written([("r", Backtest, true)]);
            clock.Advance(Every);
            schedule.StartDue(idle: true);
            Assert.That(Analyses, Has.Count.EqualTo(1), "precondition: its first analysis asked for");
            return schedule;
        }

        private Task Analyse(string runId, CancellationToken calledOff)
        {
            var done = new TaskCompletionSource();
            Analyses.Add((done, calledOff));
            return done.Task;
        }
    }

    [Test]
    public void A_backtest_is_analysed_once_its_interval_passed_after_its_first_events()
    {
        var clock = new FakeTimeProvider();
        var asked = new Asked(clock);
        var schedule = asked.Make();
        schedule.Written([("r", Backtest, true)]);
        Assert.That(schedule.NextDue, Is.EqualTo(Every));

        clock.Advance(Every - TimeSpan.FromTicks(1));
        schedule.StartDue(idle: true);
        Assert.That(asked.Analyses, Is.Empty);

        clock.Advance(TimeSpan.FromTicks(1));
        schedule.StartDue(idle: true);
        Assert.That(asked.Analyses, Has.Count.EqualTo(1));
        Assert.That(schedule.NextDue, Is.Null, "one in flight at a time");
    }

    [Test]
    public void A_backtests_analysis_waits_for_the_writer_to_be_idle_and_a_live_runs_does_not()
    {
        var clock = new FakeTimeProvider();
        var asked = new Asked(clock);
        var schedule = asked.Make();
        schedule.Written([("b", Backtest, true)]);
        clock.Advance(Live);
        schedule.StartDue(idle: false);
        Assert.That(asked.Analyses, Is.Empty, "the writer is behind its queue: the backtest's end is not waited for yet");

        schedule.Written([("l", StoredText.Source(RunSource.Live), true)]);
        clock.Advance(Live);
        schedule.StartDue(idle: false);
        Assert.That(asked.Analyses, Has.Count.EqualTo(1), "the live run's, on its interval whatever the queue");

        schedule.StartDue(idle: true);
        Assert.That(asked.Analyses, Has.Count.EqualTo(2), "the backtest's once the writer caught up");
    }

    [Test]
    public void A_backtests_next_analysis_waits_the_cost_factor_times_what_its_last_took()
    {
        var clock = new FakeTimeProvider();
        var asked = new Asked(clock);
        var schedule = asked.First();

        // It took 300 ms, with events written meanwhile: the next waits 1.2 s from its end, not the interval.
        var took = TimeSpan.FromMilliseconds(300);
        clock.Advance(took);
        schedule.Written([("r", Backtest, true)]);
        asked.Analyses[0].Done.SetResult();
        Assert.That(schedule.NextDue, Is.EqualTo(RunningAnalyses.CostFactor * took));

        clock.Advance((RunningAnalyses.CostFactor * took) - TimeSpan.FromTicks(1));
        schedule.StartDue(idle: true);
        Assert.That(asked.Analyses, Has.Count.EqualTo(1));
        clock.Advance(TimeSpan.FromTicks(1));
        schedule.StartDue(idle: true);
        Assert.That(asked.Analyses, Has.Count.EqualTo(2));

        // A quick one: the interval again.
        asked.Analyses[1].Done.SetResult();
        schedule.Written([("r", Backtest, true)]);
        Assert.That(schedule.NextDue, Is.EqualTo(Every));
    }

    [Test]
    public void A_backtest_whose_store_was_too_big_to_keep_is_not_analysed_again_while_it_records()
    {
        var clock = new FakeTimeProvider();
        var asked = new Asked(clock) { ImageKept = false };
        var schedule = asked.First();
        asked.Analyses[0].Done.SetResult();

        schedule.Written([("r", Backtest, true)]);
        clock.Advance(TimeSpan.FromHours(1));
        schedule.StartDue(idle: true);
        Assert.That(asked.Analyses, Has.Count.EqualTo(1), "its end would write every row anyway");
        Assert.That(schedule.NextDue, Is.Null);
    }

    [Test]
    public void The_end_asked_for_calls_off_the_analysis_still_computing_and_none_starts_after_it()
    {
        var clock = new FakeTimeProvider();
        var asked = new Asked(clock);
        var schedule = asked.First();
        var (done, calledOff) = asked.Analyses[0];
        Assert.That(calledOff.IsCancellationRequested, Is.False);

        schedule.EndAnalysisAsked("r");
        Assert.That(calledOff.IsCancellationRequested, Is.True);
        done.SetCanceled();

        // Its last events, committed before its end.
        schedule.Written([("r", Backtest, true)]);
        clock.Advance(TimeSpan.FromHours(1));
        schedule.StartDue(idle: true);
        Assert.That(asked.Analyses, Has.Count.EqualTo(1));
    }

    [Test]
    public void Without_a_backtest_interval_a_backtest_waits_for_its_end_and_a_live_run_for_the_live_interval()
    {
        var clock = new FakeTimeProvider();
        var schedule = new RunningAnalyses(clock, Live, null, (_, _) => Task.CompletedTask, _ => Task.CompletedTask, _ => true, () => { }, _ => { });
        schedule.Written([("b", Backtest, true), ("l", StoredText.Source(RunSource.Live), true)]);
        Assert.That(schedule.NextDue, Is.EqualTo(Live));
        clock.Advance(TimeSpan.FromHours(1));
        schedule.StartDue(idle: true);
        Assert.That(schedule.Started, Is.EqualTo(1), "the live run's");
    }
}
