namespace QuantowerRecorder.Storage.Writing;

/// <summary>What a flush or a shutdown could do within its time.</summary>
/// <param name="Completed">Every event received before the call is committed or quarantined.</param>
/// <param name="Pending">Events received before the call that are not written yet.</param>
/// <param name="Message">What went wrong, when not completed.</param>
public sealed record FlushResult(bool Completed, long Pending, string? Message)
{
    internal static FlushResult Done { get; } = new(true, 0, null);
}
