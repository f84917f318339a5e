using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Tests.Support;

/// <summary>Records events into a real file and waits until they are written.</summary>
internal static class Recorded
{
    public static RecorderCounters Write(string path, IEnumerable<RecorderEvent> events, RecorderOptions? options = null)
    {
        using var session = RecorderSession.Open(path, options);
        foreach (var e in events)
        {
            if (!session.Record(e))
            {
                throw new InvalidOperationException("Record refused " + e);
            }
        }

        var flushed = session.Flush(TimeSpan.FromSeconds(30));
        if (!flushed.Completed)
        {
            throw new InvalidOperationException("flush failed: " + flushed.Message);
        }

        return session.Counters;
    }
}
