namespace TradingPlatform.BusinessLayer.StandIn;

/// <summary>One message in a connection's queue: the work the platform does for it, and its completion.</summary>
internal abstract class QueuedMessage
{
    internal abstract void Run();

    internal abstract void Fail(Exception error);
}

/// <summary>A message whose processing gives a result (the object it created or updated), for the control that waits.</summary>
internal sealed class QueuedMessage<T>(Func<T> action) : QueuedMessage
{
    // Continuations run asynchronously, so a waiter never continues on the connection's thread.
    private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal Task<T> Completion => this.completion.Task;

    internal override void Run() => this.completion.TrySetResult(action());

    internal override void Fail(Exception error) => this.completion.TrySetException(error);
}
