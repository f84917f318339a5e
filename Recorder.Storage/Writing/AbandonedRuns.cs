using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// At open: runs still RUNNING whose recorder died, or whose last close lost events it could not write, are ended as
/// ABANDONED, through the pipeline like any event. A run whose own end waits in the journal gets that end instead.
/// </summary>
internal static class AbandonedRuns
{
    public static void End(BatchWriter writer, RunLocks runLocks, TimeProvider time, Func<RecorderEvent, bool> record,
        IReadOnlyList<Envelope> restored)
    {
        var endedInJournal = restored.Select(e => e.Event).OfType<RunEnded>().Select(e => e.RunId)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var runId in writer.FindAbandonedRuns())
        {
            var reason = runLocks.ReasonOf(runId);
            runLocks.ForgetAbandoned(runId);
            if (endedInJournal.Contains(runId))
            {
                continue;
            }

            record(new RunEnded
            {
                RunId = runId,
                EventUtc = time.GetUtcNow().UtcDateTime,
                Status = RunStatus.Abandoned,
                ErrorMessage = reason is null
                    ? "The recorder that was writing this run stopped without ending it (crash or kill); found when the file was next opened."
                    : $"The recorder that was writing this run closed without writing all its events ({reason}); found when the file was next opened.",
            });
        }
    }
}
