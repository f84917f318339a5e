using QuantowerRecorder.Plugin.Diagnostics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>
/// The one way a run starts, for both entry points (<see cref="RunRecorder"/> in an author's strategy and the
/// "Run Recorder" strategy): follow the platform, open the file, write the run's opening events.
/// </summary>
internal static class RunStart
{
    /// <summary>How long an ended run gives the file to take its last events before its handle is closed anyway.</summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The run, or null (with the reason in the log) when the file cannot be used. With <paramref name="inBackground"/>
    /// the caller's thread only subscribes — a followed strategy's start is raised on the thread that pressed Start and
    /// its own OnRun waits for the handler — and the file and the bars' history are opened on the thread pool; the run
    /// still gets every event from its first order on (they wait in memory until the file is open). A host may give
    /// its own <paramref name="clock"/> (null: the run's own, <see cref="RunClock"/>). <paramref name="driftAlarm"/>: a
    /// live or paper run checks itself against its backtest as its trades close (<see cref="DriftWatch"/>).
    /// </summary>
    public static RunTracker? Open(RunDefinition definition, RunScope scope, BarRequest? bars, string? databasePath,
        TimeProvider? clock, RunDrain drain, ProblemLog problems, bool driftAlarm, bool inBackground = false,
        CommitSync commitSync = CommitSync.LiveAndPaper)
    {
        var path = Sessions.FullPath(databasePath);
        var runClock = RunClock.For(clock, definition.Source != RunSource.Live, scope.Account, scope.Symbol);
        var session = inBackground ? null : Sessions.TryOpen(path, clock, problems, commitSync);
        if (!inBackground && session is null)
        {
            return null;
        }

        var tracker = RunTracker.Start(path, session, definition, scope, bars, runClock, drain, problems,
            new CorePlatformEvents(Core.Instance), driftAlarm);
        if (!inBackground)
        {
            Started(tracker, problems);
            return tracker;
        }

        _ = Task.Run(() => Guard.Run(problems, "opening the database", () =>
        {
            if (Sessions.TryOpen(path, clock, problems, commitSync) is { } opened)
            {
                tracker.Attach(opened);
                Started(tracker, problems);
            }
            else
            {
                tracker.Abandon();
            }
        }));
        return tracker;
    }

    /// <summary>The bars to record: only with a symbol and a time period.</summary>
    public static BarRequest? Bars(bool record, Symbol? symbol, Period? period, bool volumeAnalysis) =>
        record && symbol is not null && period is { PeriodMultiplier: > 0 } p ? new BarRequest(symbol, p, volumeAnalysis) : null;

    /// <summary>
    /// The bars of the strategy's own history: its symbol and time period. One that is not time bars of a symbol is said,
    /// and the symbol's bars at the period the options or the strategy's inputs name are requested instead; when they name
    /// none, no bars are recorded, and the log says so.
    /// </summary>
    public static BarRequest? Bars(HistoricalData given, Symbol? symbol, Period? period, bool volumeAnalysis, ProblemLog problems)
    {
        if (given.Symbol is { } own && given.Aggregation is HistoryAggregationTime { Period: { PeriodMultiplier: > 0 } ownPeriod })
        {
            return new BarRequest(own, ownPeriod, volumeAnalysis, given);
        }

        var instead = Bars(record: true, symbol, period, volumeAnalysis);
        problems.Info($"the bars given to the recorder are not time bars of a symbol ({given.Aggregation}); " + (instead is null
            ? "no symbol and period name others, so no bars are recorded: set RunRecorderOptions.Symbol and Period to record the symbol's time bars."
            : $"the symbol's bars at {period} are requested instead."));
        return instead;
    }

    private static void Started(RunTracker tracker, ProblemLog problems)
    {
        problems.Info($"recording run {tracker.RunId} of '{tracker.Definition.StrategyName}' ({tracker.Definition.Source}) into {tracker.DatabasePath}; {Native.NativeSqlite.Describe()}, " +
                      (Storage.Sqlite.SqliteBootstrap.CallsDirectly ? "called directly" : "called through SQLitePCLRaw"));
        if (Native.RecorderBuilds.Others() is { } others)
        {
            problems.Report(others);
        }
    }
}
