using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Work that must run on the file's one writing connection (ARCHITECTURE.md, decision 2), such as the analysis of a
/// run that ended: each job waits until every event recorded before it was asked for is settled, then runs on the
/// writer's thread between batches. A job that throws fails its task; the writer goes on.
/// </summary>
internal sealed class WriterJobs
{
    private readonly ConcurrentQueue<Job> queue = new();

    public int Count => queue.Count;

    /// <summary>Queues a job to run once <paramref name="settledTarget"/> events are settled.</summary>
    public Task Add(Action<SqliteConnection> work, long settledTarget)
    {
        var job = new Job(work, settledTarget, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        queue.Enqueue(job);
        return job.Done.Task;
    }

    /// <summary>On the writer's thread: runs the jobs whose events are settled, in the order they were asked for.</summary>
    public void RunDue(SqliteConnection connection, long settled)
    {
        while (queue.TryPeek(out var job) && job.SettledTarget <= settled && queue.TryDequeue(out job))
        {
            try
            {
                job.Work(connection);
                job.Done.TrySetResult();
            }
            catch (Exception ex)
            {
                // The job's owner sees it on its task (the plugin reports it in the strategy's log).
                job.Done.TrySetException(ex);
            }
        }
    }

    /// <summary>At shutdown: the jobs that could not run are cancelled, so nobody waits for them forever.</summary>
    public void CancelAll()
    {
        while (queue.TryDequeue(out var job))
        {
            job.Done.TrySetCanceled();
        }
    }

    private sealed record Job(Action<SqliteConnection> Work, long SettledTarget, TaskCompletionSource Done);
}
