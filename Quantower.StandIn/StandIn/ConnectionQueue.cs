using System.Collections.Concurrent;

namespace TradingPlatform.BusinessLayer.StandIn;

/// <summary>
/// A connection's message queue, as the platform runs it (quantower-api.md §1): messages are processed one at a time
/// on the connection's own dedicated long-running background thread, never inside the call that posted them. With
/// <see cref="ConnectionInfo.SyncMsgProcessing"/> a message is processed on the posting thread instead. An exception
/// leaving a message (a plain-delegate handler's) stops the rest of that message; the queue logs it as the platform
/// does, and a test control waiting for that message receives it too.
/// </summary>
internal sealed class ConnectionQueue
{
    private readonly Connection connection;
    private readonly BlockingCollection<QueuedMessage> messages = [];
    private readonly object startGate = new();
    private readonly object syncGate = new();
    private readonly object countGate = new();
    private readonly ManualResetEventSlim idle = new(initialState: true);
    private Thread thread;
    private int unfinished;

    internal ConnectionQueue(Connection connection)
    {
        this.connection = connection;
    }

    /// <summary>Messages waiting to be processed (not the one being processed).</summary>
    internal int Depth => this.messages.Count;

    /// <summary>Whether the caller runs on this connection's thread (inside one of its messages).</summary>
    internal bool IsCurrentThread => this.thread != null && Thread.CurrentThread == this.thread;

    /// <summary>Queues <paramref name="action"/> and returns at once; the task completes when it was processed.</summary>
    internal Task Post(Action action) => this.Post<object>(() =>
    {
        action();
        return null;
    });

    internal Task<T> Post<T>(Func<T> action)
    {
        var message = new QueuedMessage<T>(action);
        if (this.connection.Info.SyncMsgProcessing)
        {
            // The vendor's pushing thread processes it; the gate keeps messages one at a time.
            this.Start();
            lock (this.syncGate)
            {
                this.Process(message);
            }

            return message.Completion;
        }

        this.EnsureStarted();
        this.Start();

        if (!this.messages.TryAdd(message))
        {
            this.Finish();
            message.Fail(new ObjectDisposedException(this.connection.Name, "The platform was reset; the connection's queue is closed."));
        }

        return message.Completion;
    }

    /// <summary>
    /// A test waiting for the platform: queues <paramref name="action"/> and waits until it was processed, returning
    /// its result or rethrowing what stopped it. On the connection's own thread (a handler calling a control) it runs
    /// inline, as waiting there would never end.
    /// </summary>
    internal T Send<T>(Func<T> action)
    {
        if (this.IsCurrentThread)
        {
            return action();
        }

        return this.Post(action).GetAwaiter().GetResult();
    }

    internal void Send(Action action) => this.Send<object>(() =>
    {
        action();
        return null;
    });

    /// <summary>True once nothing is queued or being processed; false if that did not happen within <paramref name="timeout"/>.</summary>
    internal bool WaitForIdle(TimeSpan timeout) => this.IsCurrentThread || this.idle.Wait(timeout);

    internal bool IsIdle
    {
        get
        {
            lock (this.countGate)
            {
                return this.unfinished == 0;
            }
        }
    }

    /// <summary>
    /// Stops accepting messages; the thread processes what is queued, then ends. Waits up to <paramref name="wait"/>
    /// for that, so what one test queued is not still being delivered while the next one runs.
    /// </summary>
    internal void Close(TimeSpan wait)
    {
        this.messages.CompleteAdding();
        var worker = this.thread;
        if (worker != null && worker != Thread.CurrentThread)
        {
            worker.Join(wait);
        }
    }

    private void EnsureStarted()
    {
        if (this.thread != null)
        {
            return;
        }

        lock (this.startGate)
        {
            if (this.thread == null)
            {
                var worker = new Thread(this.Loop) { IsBackground = true, Name = "Connection " + this.connection.Name };
                worker.Start();
                this.thread = worker;
            }
        }
    }

    private void Loop()
    {
        foreach (var message in this.messages.GetConsumingEnumerable())
        {
            this.Process(message);
        }
    }

    private void Process(QueuedMessage message)
    {
        try
        {
            message.Run();
        }
        catch (Exception e)
        {
            // The platform's queue catches what left the message and logs it; the rest of the message was skipped.
            this.connection.Manager.Core.Loggers.Log($"Connection '{this.connection.Name}': error processing a message: {e}", LoggingLevel.Error);
            message.Fail(e);
        }
        finally
        {
            this.Finish();
        }
    }

    // The count and the idle signal change together, so a waiter never sees "idle" while a message is unfinished.
    private void Start()
    {
        lock (this.countGate)
        {
            this.unfinished++;
            this.idle.Reset();
        }
    }

    private void Finish()
    {
        lock (this.countGate)
        {
            if (--this.unfinished == 0)
            {
                this.idle.Set();
            }
        }
    }
}
