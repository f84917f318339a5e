using NUnit.Framework;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage.Studies;

/// <summary>
/// When the writer stores the trials' figures (<see cref="TrialFiguresDue"/>): at most once per interval, counted from the
/// writer's start; at once when it closes; and a close called off by a new handle (an optimisation's next pass) stops
/// the job it hurried, whose runs are due again at the interval, but not one the interval started.
/// </summary>
[TestFixture]
public sealed class TrialFiguresDueTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    [Test]
    public void A_run_analysed_is_stored_after_the_interval_from_the_writers_start_not_at_once()
    {
        var (clock, due, jobs) = Due();
        due.Analysed("a");
        due.StartIfIdle();
        Assert.That(jobs, Is.Empty, "the interval counts from the writer's start");
        Assert.That(due.NextDue, Is.EqualTo(Interval));

        clock.Advance(Interval);
        due.StartIfIdle();
        Assert.That(jobs.Select(j => j.RunIds), Is.EqualTo(new[] { new[] { "a" } }));
    }

    [Test]
    public void A_close_called_off_stops_the_job_it_hurried_and_its_runs_are_due_again_at_the_interval()
    {
        var (clock, due, jobs) = Due();
        due.Analysed("a");
        due.Analysed("b");
        due.AtClose();
        due.StartIfIdle();
        Assert.That(jobs, Has.Count.EqualTo(1), "the close does not wait for the interval");
        Assert.That(due.Settled, Is.False, "the job is not finished");

        due.CalledOff();
        Assert.That(jobs[0].CallOff.IsCancellationRequested, Is.True, "the hurried job stops");
        jobs[0].Done.SetCanceled();
        Assert.That(due.Settled, Is.False, "its runs are due again");
        due.StartIfIdle();
        Assert.That(jobs, Has.Count.EqualTo(1), "not before the interval");

        clock.Advance(Interval);
        due.StartIfIdle();
        Assert.That(jobs, Has.Count.EqualTo(2));
        Assert.That(jobs[1].RunIds, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(jobs[1].CallOff.IsCancellationRequested, Is.False);
    }

    [Test]
    public void A_job_the_interval_started_is_not_stopped_by_a_close_called_off()
    {
        var (clock, due, jobs) = Due();
        clock.Advance(Interval);
        due.Analysed("a");
        due.AtClose();
        due.StartIfIdle();
        due.CalledOff();

        Assert.That(jobs, Has.Count.EqualTo(1));
        Assert.That(jobs[0].CallOff.IsCancellationRequested, Is.False, "it was due anyway");
        jobs[0].Done.SetResult();
        Assert.That(due.Settled, Is.True);
    }

    [Test]
    public void A_store_that_took_long_puts_the_next_off_by_four_times_what_it_took()
    {
        // Done inline: the writer's bookkeeping after a job has run when SetResult returns.
        var (clock, due, jobs) = Due(inline: true);
        clock.Advance(Interval);
        due.Analysed("a");
        due.StartIfIdle();
        Assert.That(jobs, Has.Count.EqualTo(1));

        // A population of tens of thousands of passes: its figures took 3 s to compute and store.
        var cost = TimeSpan.FromSeconds(3);
        clock.Advance(cost);
        jobs[0].Done.SetResult();
        due.Analysed("b");
        Assert.That(due.NextDue, Is.EqualTo(cost * TrialFiguresDue.CostFactor), "four times its cost, not the interval's 2 s left");

        clock.Advance(cost * TrialFiguresDue.CostFactor - TimeSpan.FromMilliseconds(1));
        due.StartIfIdle();
        Assert.That(jobs, Has.Count.EqualTo(1), "not before");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        due.StartIfIdle();
        Assert.That(jobs, Has.Count.EqualTo(2));
        Assert.That(jobs[1].RunIds, Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public void A_cheap_store_leaves_the_interval_in_charge_and_a_close_waits_for_neither()
    {
        var (clock, due, jobs) = Due(inline: true);
        clock.Advance(Interval);
        due.Analysed("a");
        due.StartIfIdle();
        clock.Advance(TimeSpan.FromMilliseconds(100));
        jobs[0].Done.SetResult();
        due.Analysed("b");
        Assert.That(due.NextDue, Is.EqualTo(Interval - TimeSpan.FromMilliseconds(100)), "the interval from its start");

        // However costly the last store, the close stores what is due at once.
        clock.Advance(TimeSpan.FromMilliseconds(100));
        due.StartIfIdle();
        Assert.That(jobs, Has.Count.EqualTo(1));
        due.AtClose();
        Assert.That(due.NextDue, Is.EqualTo(TimeSpan.Zero));
        due.StartIfIdle();
        Assert.That(jobs, Has.Count.EqualTo(2));
    }

    [Test]
    public void A_store_called_off_does_not_count_as_a_cost()
    {
        var (clock, due, jobs) = Due(inline: true);
        due.Analysed("a");
        due.AtClose();
        due.StartIfIdle();
        clock.Advance(TimeSpan.FromSeconds(30));
        due.CalledOff();
        jobs[0].Done.SetCanceled();
        Assert.That(due.NextDue, Is.EqualTo(TimeSpan.Zero), "the interval is up, and the job stopped half way cost nothing to wait for");
    }

    private sealed record Job(IReadOnlyCollection<string> RunIds, CancellationToken CallOff, TaskCompletionSource Done);

    private static (FakeClock Clock, TrialFiguresDue Due, List<Job> Jobs) Due(bool inline = false)
    {
        var clock = new FakeClock(Scenario.T0);
        var jobs = new List<Job>();
        var due = new TrialFiguresDue(clock, Interval, () => jobs.Count(j => !j.Done.Task.IsCompleted), (runIds, callOff) =>
        {
            var job = new Job(runIds, callOff, new TaskCompletionSource(inline ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously));
            jobs.Add(job);
            return job.Done.Task;
        }, problem => Assert.Fail(problem));
        return (clock, due, jobs);
    }
}
