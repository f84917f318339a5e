namespace QuantowerRecorder.Storage.Queries;

/// <summary>Every health check of a file, and the runs left RUNNING by a recorder that is no longer alive.</summary>
/// <param name="Checks">The checks, in a stable order: integrity, schema, orphaned rows, running runs, quarantine.</param>
/// <param name="AbandonedRunIds">Runs still RUNNING whose recorder is gone (a crash or a kill).</param>
public sealed record HealthReport(IReadOnlyList<HealthCheckResult> Checks, IReadOnlyList<string> AbandonedRunIds)
{
    /// <summary>Whether no check is an error.</summary>
    public bool Healthy => Checks.All(c => c.Status != HealthStatus.Error);
}
