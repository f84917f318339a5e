using QuantowerRecorder.Plugin.Diagnostics;
using QuantowerRecorder.Storage.Records;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>
/// The one way a run starts, for both entry points (<see cref="RunRecorder"/> in an author's strategy and the
/// "Run Recorder" strategy): open the file, write the run's opening events, follow the platform.
/// </summary>
internal static class RunStart
{
    /// <summary>How long an ended run gives the file to take its last events before its handle is closed anyway.</summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The run, or null (with the reason in the log) when the file cannot be used.</summary>
    public static RunTracker? Open(RunDefinition definition, RunScope scope, BarRequest? bars, string? databasePath,
        TimeProvider? clock, ProblemLog problems)
    {
        // The writer stamps arrivals and paces itself on the PC's clock (or the one a host gives); the run lives on its own.
        var session = Sessions.TryOpen(databasePath, clock ?? TimeProvider.System, problems);
        if (session is null)
        {
            return null;
        }

        var runClock = RunClock.For(clock, definition.Source != RunSource.Live, scope.Account, scope.Symbol);
        var tracker = RunTracker.Start(session, definition, scope, bars, runClock, problems, new CorePlatformEvents(Core.Instance));
        problems.Info($"recording run {tracker.RunId} of '{definition.StrategyName}' ({definition.Source}) into {tracker.DatabasePath}; {Native.NativeSqlite.Describe()}");
        return tracker;
    }

    /// <summary>The bars to record: only with a symbol and a time period.</summary>
    public static BarRequest? Bars(bool record, Symbol? symbol, Period? period, bool volumeAnalysis) =>
        record && symbol is not null && period is { PeriodMultiplier: > 0 } p ? new BarRequest(symbol, p, volumeAnalysis) : null;
}
