using System.Diagnostics.Tracing;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// What a file's writer does around its close, as the process's trace events ("QuantowerRecorder-Writer"): the close
/// asked for and its events drained, each job of the writer's (a run's end analysis, a running run's, the trials'
/// figures) prepared off the writer's thread, waiting for what its computing has not finished, and stored; each
/// checkpoint the writer's thread runs by its own rules; the close's end. Each names the file. Nothing is written
/// unless a listener asks for them (the backtest benchmark's close timeline, dotnet-trace): one flag is read at each.
/// </summary>
[EventSource(Name = "QuantowerRecorder-Writer")]
internal sealed class WriterEvents : EventSource
{
    /// <summary>The one source.</summary>
    public static readonly WriterEvents Log = new();

    private WriterEvents()
    {
    }

    /// <summary>A close of the file's writer began (the last handle's, or a pass's that a new handle may take over).</summary>
    [Event(1, Level = EventLevel.Informational)]
    public void CloseBegan(string file) => Write(1, file);

    /// <summary>The close's drain ended: every event the close found queued is written, or said not to be.</summary>
    [Event(2, Level = EventLevel.Informational)]
    public void CloseDrained(string file) => Write(2, file);

    /// <summary>A job's preparation returned its steps (for a run's analysis: the run read and its trades computed).</summary>
    [Event(3, Level = EventLevel.Informational)]
    public void JobPrepared(string file, string job) => Write(3, file, job);

    /// <summary>A job's next step waits for a part of its computing: the writer goes back to its batches meanwhile.</summary>
    [Event(4, Level = EventLevel.Informational)]
    public void JobWaiting(string file, string job) => Write(4, file, job);

    /// <summary>A job's last step is committed.</summary>
    [Event(5, Level = EventLevel.Informational)]
    public void JobStored(string file, string job) => Write(5, file, job);

    /// <summary>A checkpoint on the writer's thread began (<paramref name="mode"/>: PASSIVE or TRUNCATE).</summary>
    [Event(6, Level = EventLevel.Informational)]
    public void CheckpointBegan(string file, string mode) => Write(6, file, mode);

    /// <summary>That checkpoint returned.</summary>
    [Event(7, Level = EventLevel.Informational)]
    public void CheckpointEnded(string file, string mode) => Write(7, file, mode);

    /// <summary>The close returned: the file closed, or the writer taken over by a new handle.</summary>
    [Event(8, Level = EventLevel.Informational)]
    public void CloseEnded(string file) => Write(8, file);

    /// <summary>Runs <paramref name="checkpoint"/> between <see cref="CheckpointBegan"/> and <see cref="CheckpointEnded"/>.</summary>
    [NonEvent]
    public T Checkpoint<T>(string file, string mode, Func<T> checkpoint)
    {
        CheckpointBegan(file, mode);
        try
        {
            return checkpoint();
        }
        finally
        {
            CheckpointEnded(file, mode);
        }
    }

    [NonEvent]
    private void Write(int id, string file)
    {
        if (IsEnabled())
        {
            WriteEvent(id, file);
        }
    }

    [NonEvent]
    private void Write(int id, string file, string detail)
    {
        if (IsEnabled())
        {
            WriteEvent(id, file, detail);
        }
    }
}
