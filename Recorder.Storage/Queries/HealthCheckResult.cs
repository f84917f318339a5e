namespace QuantowerRecorder.Storage.Queries;

/// <summary>One health check: its name ("integrity", "schema", …), outcome and a sentence that says what to do.</summary>
public sealed record HealthCheckResult(string Name, HealthStatus Status, string Detail);
