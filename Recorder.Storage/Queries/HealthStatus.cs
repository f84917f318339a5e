namespace QuantowerRecorder.Storage.Queries;

/// <summary>How one health check came out. Only <see cref="Error"/> makes a file unhealthy.</summary>
public enum HealthStatus
{
    /// <summary>Nothing to do.</summary>
    Ok,

    /// <summary>Worth knowing; the file is still trustworthy.</summary>
    Warning,

    /// <summary>The file needs attention; the detail says what to do.</summary>
    Error,
}
