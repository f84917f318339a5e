using NUnit.Framework;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// A writer's jobs are prepared on a thread of the writer's own, not on the thread pool: one after another, with the
/// outcomes a task run on the pool would have, and the thread ends with the writer.
/// </summary>
[TestFixture]
public sealed class JobThreadTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Test]
    public void A_writers_jobs_are_prepared_one_after_another_on_its_own_thread_which_ends_with_the_writer()
    {
        using var db = new TempDatabase();
        var session = RecorderSession.Open(db.Path);
        var threads = new List<Thread>();
        Task Job() => session.RunOnWriter(_ =>
        {
            lock (threads)
            {
                threads.Add(Thread.CurrentThread);
            }

            return [];
        });

        Assert.That(Task.WaitAll([Job(), Job()], Bound), Is.True);

        Assert.That(threads, Has.Count.EqualTo(2));
        Assert.That(threads[1], Is.SameAs(threads[0]), "one thread for the writer's jobs");
        Assert.That(threads[0].IsThreadPoolThread, Is.False);
        Assert.That(threads[0].Name, Is.EqualTo(JobThread.Name));
        Assert.That(session.Close(Bound).Completed, Is.True);
        Assert.That(threads[0].Join(Bound), Is.True, "the thread ends with the writer");
    }

    [Test]
    public void Work_runs_in_the_order_given_on_one_thread_started_by_the_first()
    {
        var jobs = new JobThread("test jobs");
        Assert.That(jobs.Thread, Is.Null, "no thread before the first work");
        using var release = new ManualResetEventSlim();
        var order = new List<int>();
        var first = jobs.Run(() =>
        {
            release.Wait(Bound);
            order.Add(1);
            return Environment.CurrentManagedThreadId;
        }, CancellationToken.None);
        var second = jobs.Run(() =>
        {
            order.Add(2);
            return Environment.CurrentManagedThreadId;
        }, CancellationToken.None);

        Assert.That(second.IsCompleted, Is.False, "waits for the work before it");
        release.Set();

        Assert.That(Task.WaitAll([first, second], Bound), Is.True);
        Assert.That(order, Is.EqualTo(new[] { 1, 2 }));
        Assert.That(second.Result, Is.EqualTo(first.Result));
        Assert.That(first.Result, Is.EqualTo(jobs.Thread!.ManagedThreadId));
        jobs.Stop();
        Assert.That(jobs.Thread!.Join(Bound), Is.True);
    }

    [Test]
    public void Work_ends_as_a_task_run_on_the_pool_would()
    {
        var jobs = new JobThread("test jobs");
        using var calledOff = new CancellationTokenSource();
        calledOff.Cancel();
        using var live = new CancellationTokenSource();

        var notStarted = jobs.Run(() => 1, calledOff.Token);
        var canceledInside = jobs.Run<int>(() =>
        {
            live.Cancel();
            live.Token.ThrowIfCancellationRequested();
            return 1;
        }, live.Token);
        var failed = jobs.Run<int>(() => throw new InvalidOperationException("broken"), CancellationToken.None);
        var otherCancel = jobs.Run<int>(() => throw new OperationCanceledException(), CancellationToken.None);
        var done = jobs.Run(() => 42, CancellationToken.None);

        Assert.That(done.Wait(Bound), Is.True);
        Assert.That(notStarted.IsCanceled, Is.True, "canceled before it started");
        Assert.That(canceledInside.IsCanceled, Is.True, "threw for its own token");
        Assert.That(failed.Exception?.InnerException, Is.InstanceOf<InvalidOperationException>());
        Assert.That(otherCancel.IsFaulted, Is.True, "a cancellation not its token's is a fault, as Task.Run makes it");
        Assert.That(done.Result, Is.EqualTo(42));
        jobs.Stop();
    }

    [Test]
    public void Work_given_after_the_stop_is_canceled_and_work_given_before_it_still_runs()
    {
        var jobs = new JobThread("test jobs");
        using var release = new ManualResetEventSlim();
        var before = jobs.Run(() =>
        {
            release.Wait(Bound);
            return 1;
        }, CancellationToken.None);
        var queued = jobs.Run(() => 2, CancellationToken.None);

        jobs.Stop();
        var after = jobs.Run(() => 3, CancellationToken.None);
        release.Set();

        Assert.That(after.IsCanceled, Is.True);
        Assert.That(Task.WaitAll([before, queued], Bound), Is.True);
        Assert.That((before.Result, queued.Result), Is.EqualTo((1, 2)));
        Assert.That(jobs.Thread!.Join(Bound), Is.True);
    }
}
