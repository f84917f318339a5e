using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>At open: runs still RUNNING whose recorder died are ended as ABANDONED, through the pipeline like any event.</summary>
internal static class AbandonedRuns
{
    public static void End(BatchWriter writer, RunLocks runLocks, TimeProvider time, Func<RecorderEvent, bool> record)
    {
        foreach (var runId in writer.FindAbandonedRuns())
        {
            runLocks.ForgetAbandoned(runId);
            record(new RunEnded
            {
                RunId = runId,
                EventUtc = time.GetUtcNow().UtcDateTime,
                Status = RunStatus.Abandoned,
                ErrorMessage = "The recorder that was writing this run stopped without ending it (crash or kill); " +
                               "found when the file was next opened.",
            });
        }
    }
}
