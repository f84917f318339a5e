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

    private sealed record Job(IReadOnlyCollection<string> RunIds, CancellationToken CallOff, TaskCompletionSource Done);

    private static (FakeClock Clock, TrialFiguresDue Due, List<Job> Jobs) Due()
    {
        var clock = new FakeClock(Scenario.T0);
        var jobs = new List<Job>();
        var due = new TrialFiguresDue(clock, Interval, () => jobs.Count(j => !j.Done.Task.IsCompleted), (runIds, callOff) =>
        {
            var job = new Job(runIds, callOff, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            jobs.Add(job);
            return job.Done.Task;
        }, problem => Assert.Fail(problem));
        return (clock, due, jobs);
    }
}
