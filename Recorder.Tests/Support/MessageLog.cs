namespace QuantowerRecorder.Tests.Support;

/// <summary>Collects what the writer reports (RecorderOptions.Diagnostics) from its thread, for assertions.</summary>
internal sealed class MessageLog
{
    private readonly List<string> messages = [];

    public void Add(string message)
    {
        lock (messages)
        {
            messages.Add(message);
        }
    }

    public List<string> Snapshot()
    {
        lock (messages)
        {
            return [.. messages];
        }
    }

    public override string ToString() => string.Join(" | ", Snapshot());
}
