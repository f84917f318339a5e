namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Fills the writer's next batch from the queue: waits for a first event (doing the idle work whenever it wakes with
/// nothing to write), then takes more until the batch is full, the stream is quiet for
/// <see cref="RecorderOptions.MaxBatchDelay"/>, a flush is waiting, or the session stops. It sleeps on the queue's
/// signal; the only deadline of an idle wait is the idle work's own (<paramref name="idleDue"/>).
/// </summary>
internal sealed class BatchCollector(EventQueue queue, RecorderOptions options, Action idle, Func<TimeSpan?> idleDue,
    Func<bool> flushWaiting, CancellationToken stop)
{
    /// <summary>False when the session stops and nothing is left to take.</summary>
    public bool Collect(List<Envelope> batch)
    {
        var time = options.Time;
        while (!queue.TakeAvailable(batch, options.MaxBatchSize))
        {
            if (stop.IsCancellationRequested)
            {
                return false;
            }

            idle();
            if (queue.TakeAvailable(batch, options.MaxBatchSize))
            {
                break;
            }

            queue.WaitForWork(idleDue());
        }

        var deadline = time.GetTimestamp() + (long)(options.MaxBatchDelay.TotalSeconds * time.TimestampFrequency);
        while (batch.Count < options.MaxBatchSize)
        {
            if (queue.TakeAvailable(batch, options.MaxBatchSize))
            {
                continue;
            }

            var remaining = (deadline - time.GetTimestamp()) / (double)time.TimestampFrequency;
            if (remaining <= 0 || flushWaiting() || stop.IsCancellationRequested)
            {
                break;
            }

            queue.WaitForWork(TimeSpan.FromSeconds(remaining));
        }

        return true;
    }
}
