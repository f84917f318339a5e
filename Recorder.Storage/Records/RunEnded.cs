namespace QuantowerRecorder.Storage.Records;

/// <summary>A run ends. <see cref="RecorderEvent.EventUtc"/> is its end time.</summary>
public sealed record RunEnded : RecorderEvent
{
    /// <summary>How it ended; <see cref="RunStatus.Running"/> is not an ending and is quarantined.</summary>
    public required RunStatus Status { get; init; }

    /// <summary>Why it failed, when it did.</summary>
    public string? ErrorMessage { get; init; }

    /// <inheritdoc/>
    public override string EventType => EventTypes.RunEnded;
}
