namespace QuantowerRecorder.Tests.Support;

/// <summary>Collects what the writer reports (RecorderOptions.Diagnostics) from its thread, for assertions.</summary>
/// <param name="clock">A test clock to wake when a message comes (a test that moves it may wait for one).</param>
internal sealed class MessageLog(FakeClock? clock = null)
{
    private readonly List<string> messages = [];

    public void Add(string message)
    {
        lock (messages)
        {
            messages.Add(message);
            Monitor.PulseAll(messages);
        }

        clock?.Pulse();
    }

    public bool Has(Func<string, bool> predicate)
    {
        lock (messages)
        {
            return messages.Any(predicate);
        }
    }

    /// <summary>
    /// Waits until a message matching <paramref name="predicate"/> has been reported (a signal from the writer's thread);
    /// <paramref name="realBound"/> is only the test's safety net. True when one came.
    /// </summary>
    public bool WaitFor(Func<string, bool> predicate, TimeSpan? realBound = null)
    {
        var giveUp = DateTime.UtcNow + (realBound ?? TimeSpan.FromSeconds(60));
        lock (messages)
        {
            while (!messages.Any(predicate))
            {
                var left = giveUp - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    return false;
                }

                Monitor.Wait(messages, left);
            }

            return true;
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
