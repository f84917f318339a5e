namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Fills the writer's next batch from the queue: waits for a first event (doing the idle work meanwhile), then takes
/// more until the batch is full, the stream is quiet for <see cref="RecorderOptions.MaxBatchDelay"/>, a flush is
/// waiting, or the session stops.
/// </summary>
internal sealed class BatchCollector(EventQueue queue, RecorderOptions options, Action idle, Func<bool> flushWaiting, CancellationToken stop)
{
    /// <summary>False when the session stops and nothing is left to take.</summary>
    public bool Collect(List<Envelope> batch)
    {
        var time = options.Time;
        while (batch.Count == 0)
        {
            if (queue.TakeAvailable(batch, options.MaxBatchSize))
            {
                break;
            }

            if (stop.IsCancellationRequested)
            {
                return false;
            }

            idle();
            queue.WaitForData(TimeSpan.FromMilliseconds(100), stop);
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

            queue.WaitForData(TimeSpan.FromSeconds(remaining), stop);
        }

        return true;
    }
}
