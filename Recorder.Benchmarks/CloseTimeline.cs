using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// Where a close's time went, from the writer's trace events ("QuantowerRecorder-Writer", Storage's WriterEvents): each
/// step's time after the backtest's <c>Stop()</c> returned, in milliseconds, and the writer's checkpoints in between. One
/// listener for the process, made before the first round; each round takes the events of its own file.
/// </summary>
internal sealed class CloseTimeline : EventListener
{
    private const string Source = "QuantowerRecorder-Writer";

    // The log's copies beside the writer (Storage's LogCopier.Mode).
    private const string BesideMode = Storage.Writing.LogCopier.Mode;

    // Made before the base constructor can report a source (an EventListener's quirk: OnEventSourceCreated runs from it).
    private static readonly ConcurrentQueue<(long At, string Name, string File, string Detail)> Events = new();

    /// <summary>
    /// The timeline of the close of <paramref name="file"/> whose run began at <paramref name="since"/>, each step's time
    /// after <paramref name="stopped"/> (Stop()'s return; <see cref="Stopwatch"/> timestamps both), negative for a step
    /// the writer took before it (the run's end is asked in OnStop, so on a busy machine its analysis may be prepared
    /// before Stop() returns), the events it takes given up:
    /// <list type="bullet">
    /// <item><c>drained</c>: the events queued when the close began are written;</item>
    /// <item><c>end_analysis_prepared</c>: the run's end analysis has read the run and computed its trades;</item>
    /// <item><c>end_analysis_stored</c>: its last step (the metrics) is committed;</item>
    /// <item><c>trial_figures_stored</c>: the figures of the runs whose trials include it are (absent if the close stored none);</item>
    /// <item><c>ended</c>: the file is closed;</item>
    /// <item><c>end_analysis_waits</c>: how many times its store waited for its computing (the writer idle meanwhile);</item>
    /// <item><c>checkpoint_ms</c>: the writer's checkpoints on its thread, in all, and <c>checkpoint_ms_before_end_analysis_stored</c>
    /// those between the analysis' preparation and its last step, which its store may have waited for;
    /// <c>checkpoint_beside_ms</c>: the log's copies beside the writer (LogCopier) during the close.</item>
    /// </list>
    /// </summary>
    public static SortedDictionary<string, double> Take(long since, long stopped, string file)
    {
        var mine = new List<(long At, string Name, string Detail)>();
        var others = new List<(long, string, string, string)>();
        while (Events.TryDequeue(out var e))
        {
            if (e.At < since)
            {
                continue;
            }

            if (string.Equals(e.File, file, StringComparison.Ordinal))
            {
                mine.Add((e.At, e.Name, e.Detail));
            }
            else
            {
                others.Add(e);
            }
        }

        // Another file's events (a close still under way) wait for their own round.
        others.ForEach(Events.Enqueue);
        double Ms(long at) => Math.Round((at - stopped) * 1000.0 / Stopwatch.Frequency, 2);
        long? First(string name, string detail = "") =>
            mine.Where(e => e.Name == name && (detail.Length == 0 || e.Detail == detail)).Select(e => (long?)e.At).FirstOrDefault();

        var timeline = new SortedDictionary<string, double>(StringComparer.Ordinal);
        void Put(string key, long? at)
        {
            if (at is { } t)
            {
                timeline[key] = Ms(t);
            }
        }

        Put("drained", First("CloseDrained"));
        var prepared = First("JobPrepared", "end analysis");
        var stored = First("JobStored", "end analysis");
        Put("end_analysis_prepared", prepared);
        Put("end_analysis_stored", stored);
        Put("trial_figures_stored", First("JobStored", "trial figures"));
        Put("ended", First("CloseEnded"));
        timeline["end_analysis_waits"] = mine.Count(e => e.Name == "JobWaiting" && e.Detail == "end analysis");

        // Each checkpoint from its start to its end, by its mode (the writer's thread runs one at a time, the log's copier
        // one beside it), of those begun after Stop() returned: the close's.
        double all = 0, beforeStored = 0, beside = 0;
        var began = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (at, name, mode) in mine)
        {
            if (name == "CheckpointBegan")
            {
                began[mode] = at;
            }
            else if (name == "CheckpointEnded" && began.Remove(mode, out var start) && start >= stopped)
            {
                var ms = Stopwatch.GetElapsedTime(start, at).TotalMilliseconds;
                if (mode == BesideMode)
                {
                    beside += ms;
                    continue;
                }

                all += ms;
                if (prepared is { } p && stored is { } s && start >= p && at <= s)
                {
                    beforeStored += ms;
                }
            }
        }

        timeline["checkpoint_beside_ms"] = Math.Round(beside, 2);
        timeline["checkpoint_ms"] = Math.Round(all, 2);
        timeline["checkpoint_ms_before_end_analysis_stored"] = Math.Round(beforeStored, 2);
        return timeline;
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == Source)
        {
            EnableEvents(eventSource, EventLevel.Informational);
        }
    }

    // Called on the thread that wrote the event, as it writes it: its time is taken here.
    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventSource.Name != Source || eventData.Payload is not { Count: > 0 } payload)
        {
            return;
        }

        Events.Enqueue((Stopwatch.GetTimestamp(), eventData.EventName ?? string.Empty, payload[0] as string ?? string.Empty,
            payload.Count > 1 ? payload[1] as string ?? string.Empty : string.Empty));
    }
}
