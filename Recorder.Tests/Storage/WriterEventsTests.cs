using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// The writer says each step of its close as a trace event of the process ("QuantowerRecorder-Writer"), naming its
/// file: what the backtest benchmark's close timeline and dotnet-trace read.
/// </summary>
[TestFixture]
public sealed class WriterEventsTests
{
    [TearDown]
    public void CloseSessions() => WriterClock.CloseFollowed();

    [Test]
    public void A_close_says_its_drain_the_runs_end_analysis_prepared_and_stored_and_its_end_in_order_naming_its_file()
    {
        using var listener = new Listener();
        using var db = new TempDatabase();
        var clock = new FakeClock(Scenario.T0);
        var session = WriterClock.Follow(clock, RecorderSession.Open(db.Path, new RecorderOptions { Time = clock }));
        var s = new Scenario(source: RunSource.Backtest);
        RecorderEvent[] trade =
        [
            s.Bar(0, 5000), s.Order("E1", Side.Buy, 1, "FILLED", at: 1, filled: 1), s.Fill("XE1", "E1", Side.Buy, 1, price: 5000, at: 1),
            s.Bar(1, 5004), s.Order("C1", Side.Sell, 1, "FILLED", at: 61, filled: 1), s.Fill("XC1", "C1", Side.Sell, 1, price: 5004, at: 61),
        ];
        foreach (var e in s.Start().Concat(trade).Append(s.End(at: 120)))
        {
            Assert.That(session.Record(e), Is.True);
        }

        var analysed = session.AnalyzeRunWhenWritten(s.RunId);
        Assert.That(WriterClock.WhileMoving(clock, () => session.Close(WriterClock.Unbounded), onClock: true).Completed, Is.True);
        Assert.That(analysed.IsCompletedSuccessfully, Is.True);

        var said = listener.Of(db.Path);
        var all = string.Join(", ", said);
        var steps = new[] { "CloseBegan", "CloseDrained", "JobPrepared end analysis", "JobStored end analysis", "CloseEnded" };
        Assert.That(steps.Select(step => said.Count(e => e == step)), Is.All.EqualTo(1), "each step said, once: " + all);
        // The analysis was asked for before the close: its preparation may come before the close begins, or after.
        Assert.That(new[] { "CloseBegan", "CloseDrained", "CloseEnded" }.Select(e => said.IndexOf(e)), Is.Ordered, "the close's own steps in order: " + all);
        Assert.That(new[] { "JobPrepared end analysis", "JobStored end analysis", "CloseEnded" }.Select(e => said.IndexOf(e)), Is.Ordered,
            "the analysis prepared, then stored, and the close ended after it: " + all);
        Assert.That(said[^1], Is.EqualTo("CloseEnded"), "the close's end last");
        Assert.That(said.Count(e => e.StartsWith("CheckpointBegan", StringComparison.Ordinal)),
            Is.EqualTo(said.Count(e => e.StartsWith("CheckpointEnded", StringComparison.Ordinal))), "each checkpoint begun is said to end");
    }

    // The events of one file, each as its name and its detail (a job's name, a checkpoint's mode).
    private sealed class Listener : EventListener
    {
        private static readonly ConcurrentQueue<(string File, string Said)> Events = new();

        public List<string> Of(string file) =>
            [.. Events.Where(e => string.Equals(e.File, Path.GetFullPath(file), StringComparison.Ordinal)).Select(e => e.Said)];

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "QuantowerRecorder-Writer")
            {
                EnableEvents(eventSource, EventLevel.Informational);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventSource.Name == "QuantowerRecorder-Writer" && eventData.Payload is { Count: > 0 } payload && payload[0] is string file)
            {
                var detail = payload.Count > 1 ? " " + payload[1] : string.Empty;
                Events.Enqueue((file, eventData.EventName + detail));
            }
        }
    }
}
