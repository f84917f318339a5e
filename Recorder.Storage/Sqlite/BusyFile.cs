using System.Runtime.CompilerServices;
using Polly;
using Polly.Retry;

namespace QuantowerRecorder.Storage.Sqlite;

/// <summary>
/// The one retry for a file another connection holds (docs/decisions.md, 23): work that fails with SQLITE_BUSY or
/// SQLITE_LOCKED is tried again whole, every 50 ms of the caller's clock, until the caller's lock wait is spent on that
/// clock; then its last error is the caller's to say. Each attempt waits inside the driver as well, for
/// <see cref="DatabaseFile.DriverBusyTimeoutSeconds"/> (a writer's batch takes milliseconds, so one attempt usually
/// rides it out). One pipeline per clock, built once; the lock wait travels with each call. The migrator, the journal's
/// writer, merge and push's opening of a source file (Recorder.Storage.PostgreSql, for which it is public) retry
/// through it; the session's writer has its own pipeline, which retries every failure but a damaged file until the
/// batch is written (docs/decisions.md, 18).
/// </summary>
public static class BusyFile
{
    /// <summary>How long the policy waits between two attempts, on the caller's clock.</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(50);

    private static readonly ResiliencePropertyKey<Window> WindowKey = new("QuantowerRecorder.BusyFile.Window");
    private static readonly ConditionalWeakTable<TimeProvider, ResiliencePipeline> Pipelines = new();

    /// <summary>Runs <paramref name="work"/>, again while the file is busy and <paramref name="lockWait"/> is not spent on <paramref name="time"/>.</summary>
    /// <param name="time">The clock the pauses and the lock wait are measured on.</param>
    /// <param name="lockWait">How long, from this call, a busy file is tried again.</param>
    /// <param name="state">What <paramref name="work"/> needs, passed explicitly so that a hot caller allocates no closure.</param>
    /// <param name="work">The whole work, tried again from its start: it must leave nothing behind when it fails.</param>
    /// <returns>What the attempt that succeeded returned.</returns>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">SQLITE_BUSY or SQLITE_LOCKED of the last attempt, once the lock wait is spent.</exception>
    public static TResult Run<TState, TResult>(TimeProvider time, TimeSpan lockWait, TState state, Func<TState, TResult> work)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(work);
        var pipeline = Pipelines.GetValue(time, Build);
        var context = ResilienceContextPool.Shared.Get();
        context.Properties.Set(WindowKey, new Window(time, time.GetTimestamp(), lockWait));
        try
        {
            return pipeline.Execute(static (_, s) => s.work(s.state), context, (work, state));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary><see cref="Run{TState, TResult}"/> for work that returns nothing.</summary>
    /// <param name="time">The clock the pauses and the lock wait are measured on.</param>
    /// <param name="lockWait">How long, from this call, a busy file is tried again.</param>
    /// <param name="work">The whole work, tried again from its start: it must leave nothing behind when it fails.</param>
    public static void Run(TimeProvider time, TimeSpan lockWait, Action work) =>
        Run(time, lockWait, work, static w =>
        {
            w();
            return true;
        });

    private static ResiliencePipeline Build(TimeProvider time) => new ResiliencePipelineBuilder { TimeProvider = time }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = static args => ValueTask.FromResult(
                args.Outcome.Exception is { } ex && SqliteErrors.IsTransient(ex)
                && args.Context.Properties.TryGetValue(WindowKey, out var window) && !window.Spent),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Constant,
            Delay = Pause,
        })
        .Build();

    private readonly record struct Window(TimeProvider Time, long Started, TimeSpan LockWait)
    {
        public bool Spent => Time.GetElapsedTime(Started) >= LockWait;
    }
}
