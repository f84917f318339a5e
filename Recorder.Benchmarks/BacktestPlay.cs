using System.Diagnostics;
using System.Runtime;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// What one backtest took: its orders, the strategy thread's span (Run to Stop), the wait for the file after it, and the
/// CPU the whole process used during that wait (<see cref="CloseCpuSeconds"/>), and the garbage collector's share of it: how long
/// it held the process's threads and how many full (gen2) collections it made (<see cref="CloseGcPauseSeconds"/>,
/// <see cref="CloseGen2Collections"/>), and the bytes the process allocated meanwhile (<see cref="CloseAllocatedBytes"/>), and
/// the runtime's compiler meanwhile: the methods it compiled, on every thread, and the time it took (<see cref="CloseJitMethods"/>,
/// <see cref="CloseJitSeconds"/>). Its phases (<see cref="Phases"/>): the platform made for it, the strategy's start,
/// its bars traded, and its stop.
/// </summary>
internal sealed record BacktestTimes(int Orders, double RunSeconds, double CloseSeconds, double OrderHandlerSeconds, string? RunId, double ProducerWaitSeconds = 0,
    double? WriterCpuSeconds = null, double? NeighbourCpuSeconds = null, double CloseCpuSeconds = 0, double? ResultsSeconds = null,
    double CloseGcPauseSeconds = 0, int CloseGen2Collections = 0, PassPhases Phases = default, long CloseAllocatedBytes = 0,
    SortedDictionary<string, double>? CloseTimeline = null, long CloseJitMethods = 0, double CloseJitSeconds = 0)
{
    public double TotalSeconds => RunSeconds + CloseSeconds;
}

/// <summary>
/// Where a backtest's time went on the thread that plays it, in seconds: the fresh platform made (its connection, account,
/// symbol and strategy), the strategy's start (<c>Strategy.Run</c>: its OnRun, the recorder's start in it), its bars traded,
/// and its stop (the position closed, <c>Strategy.Stop</c>: its OnStop, the recorder's end asked in it).
/// </summary>
internal readonly record struct PassPhases(double Setup, double Start, double Trading, double Stop)
{
    public static PassPhases operator +(PassPhases a, PassPhases b) =>
        new(a.Setup + b.Setup, a.Start + b.Start, a.Trading + b.Trading, a.Stop + b.Stop);

    public double Total => Setup + Start + Trading + Stop;
}

/// <summary>
/// One backtest on the stand-in platform, as the demo plays one: a fresh platform with a backtester connection whose
/// broker fills market orders at the last price, the strategy run, then every bar traded as four ticks (open, high,
/// low, close) on the connection's thread, where the strategy's bar handler and the recorder's handlers run; then the
/// position closed and the strategy stopped, and — when it records — the wait until the run is in the file. The ticks
/// are queued as a vendor pushes its messages (<see cref="StandInConnection.QueueTick"/>), not handed over one by one:
/// the driver waits for the connection's thread only after each bar's opening tick, so that the order it causes is
/// filled at the open.
/// </summary>
internal static class BacktestPlay
{
    public static BacktestTimes Play(BacktestBars bars, string? databasePath, bool recordBars = true, bool giveBars = false) =>
        Play(bars, databasePath, recordBars, (10, 30), waitClosed: true, giveBars).Times;

    /// <summary>
    /// The backtest without the recorder, beside a thread that uses <paramref name="cpuSeconds"/> of the processor and
    /// nothing else (<see cref="CpuNeighbour"/>); null where that cannot be measured.
    /// </summary>
    public static BacktestTimes? PlayBeside(BacktestBars bars, double cpuSeconds) =>
        ThreadCpu.Readable ? Play(bars, null, recordBars: false, (10, 30), waitClosed: true, neighbourCpuSeconds: cpuSeconds).Times : null;

    /// <summary>
    /// One backtest with the crossover's <paramref name="periods"/>; without <paramref name="waitClosed"/> it returns
    /// once the strategy has stopped, as an optimisation goes on to its next pass, with the task of the run's close.
    /// </summary>
    public static (BacktestTimes Times, Task Closed) Play(BacktestBars bars, string? databasePath, bool recordBars, (int Fast, int Slow) periods,
        bool waitClosed, bool giveBars = false, double? neighbourCpuSeconds = null)
    {
        var made = Stopwatch.GetTimestamp();
        StandInPlatform.Reset();
        var broker = StandInPlatform.CreateBacktester();
        broker.AutoFillMarketOrders = true;
        broker.SetServerTime(BacktestBars.Start);
        var account = broker.AddAccount("BENCH-SIM", balance: 1_000_000);
        // No bid or ask: the broker fills at the last traded price, which the ticks set.
        var symbol = broker.SendSymbol(new SymbolMessage
        {
            SymbolId = "ES", Name = "ES", Description = "ES (synthetic)", TickSize = 0.25, TickCost = 12.5, Last = bars.Open[0],
        });
        CpuNeighbour? neighbour = null;
        var strategy = StandInStrategies.Create(new BacktestStrategy { DatabasePath = databasePath, RecordBars = recordBars, GiveBars = giveBars, FastPeriod = periods.Fast, SlowPeriod = periods.Slow });
        try
        {
            strategy.Settings = [StandInSettings.Item("Account", account), StandInSettings.Item("Symbol", symbol)];
            var started = Stopwatch.GetTimestamp();
            neighbour = neighbourCpuSeconds is { } cpu ? CpuNeighbour.Start(cpu) : null;
            var running = Stopwatch.GetTimestamp();
            strategy.Run();
            var trading = Stopwatch.GetTimestamp();
            if (databasePath is not null && strategy.RunId is null)
            {
                throw new InvalidOperationException("The recorder did not start: " + string.Join(" ", strategy.Problems));
            }

            for (var i = 0; i < bars.Count; i++)
            {
                var open = bars.OpenUtc(i);
                broker.QueueTick(symbol, open, bars.Open[i]);
                // The opening tick closes the previous bar: the strategy's order, and the broker's fill after it, are
                // queued behind it; the fill is at the open only if no later tick is queued before it.
                broker.WaitForIdle();
                var upFirst = bars.Close[i] >= bars.Open[i];
                broker.QueueTick(symbol, open.AddSeconds(15), upFirst ? bars.Low[i] : bars.High[i]);
                broker.QueueTick(symbol, open.AddSeconds(30), upFirst ? bars.High[i] : bars.Low[i]);
                broker.QueueTick(symbol, open.AddSeconds(59), bars.Close[i]);
            }

            // From the last bar to the run's metrics readable by another connection (TimeToResults): watched from here.
            var lastBar = Stopwatch.GetTimestamp();
            var results = databasePath is not null && waitClosed ? TimeToResults(databasePath, strategy.RunId!, lastBar) : null;
            var end = bars.OpenUtc(bars.Count);
            broker.SetServerTime(end);
            strategy.Flatten();
            broker.WaitForIdle();
            strategy.Stop();
            var stopped = Stopwatch.GetTimestamp();
            var run = Stopwatch.GetElapsedTime(started, stopped).TotalSeconds;
            var phases = new PassPhases(Stopwatch.GetElapsedTime(made, started).TotalSeconds, Stopwatch.GetElapsedTime(running, trading).TotalSeconds,
                Stopwatch.GetElapsedTime(trading, lastBar).TotalSeconds, Stopwatch.GetElapsedTime(lastBar, stopped).TotalSeconds);
            neighbour?.Dispose();
            // The writer's CPU over the run (its thread is the session's, gone once the run's file is closed). Read only for
            // a run whose close is waited for: reading it looks at every thread of the process, ~1 ms, which a pass of an
            // optimisation would count as the recorder's (the optimisation reads its threads' CPU on its own round).
            var writerCpu = databasePath is null || !waitClosed ? null : ThreadCpu.Of(ThreadCpu.Writer);
            // The close's CPU, on every thread of the process: the run's last events written, its analysis (the bars read
            // on a second connection, the validation side by side), the store and the file's close.
            using var process = Process.GetCurrentProcess();
            var cpuAtStop = process.TotalProcessorTime;
            var (pauseAtStop, gen2AtStop, allocatedAtStop) = (GC.GetTotalPauseDuration(), GC.CollectionCount(2), GC.GetTotalAllocatedBytes(precise: true));
            var (jitMethodsAtStop, jitAtStop) = (JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime());
            var closed = strategy.WhenClosed;
            if (waitClosed)
            {
                closed.Wait();
            }

            // The wait after Stop() returned: from `stopped`, so that the close's work while the counters above were read
            // counts too.
            var close = Stopwatch.GetElapsedTime(stopped).TotalSeconds;
            // Where it went, from the writer's trace events (a listener made by the benchmark; none in an optimisation):
            // every event of the run's file since it started, timed from Stop()'s return, so that a step the writer took
            // before Stop() returned (its end is asked in OnStop) is there, before zero.
            var timeline = databasePath is not null && waitClosed ? CloseTimeline.Take(started, stopped, Path.GetFullPath(databasePath)) : null;
            var (closePause, closeGen2, closeAllocated) =
                ((GC.GetTotalPauseDuration() - pauseAtStop).TotalSeconds, GC.CollectionCount(2) - gen2AtStop, GC.GetTotalAllocatedBytes(precise: true) - allocatedAtStop);
            var (closeJitMethods, closeJit) = (JitInfo.GetCompiledMethodCount() - jitMethodsAtStop, (JitInfo.GetCompilationTime() - jitAtStop).TotalSeconds);
            process.Refresh();
            var closeCpu = (process.TotalProcessorTime - cpuAtStop).TotalSeconds;
            if (StandInPlatform.HandlerErrors is { Length: > 0 } errors)
            {
                throw new InvalidOperationException("A handler failed in a platform event: " + errors[0].Message, errors[0]);
            }

            if (strategy.Problems is { Count: > 0 } problems)
            {
                throw new InvalidOperationException("The recorder reported problems: " + string.Join(" | ", problems));
            }

            var resultsSeconds = results?.GetAwaiter().GetResult();
            if (results is not null)
            {
                // The watching connection may have been open when the writer closed the file, which then left its WAL for
                // the last connection to fold in: folded here, so the file is as the writer alone leaves it (its size is
                // measured).
                using var fold = new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
                fold.Open();
                using var checkpoint = fold.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                checkpoint.ExecuteNonQuery();
            }

            return (new BacktestTimes(strategy.OrdersSent, run, close, strategy.Timing.Seconds, strategy.RunId, strategy.ProducerWaitSeconds, writerCpu, neighbour?.Burned, closeCpu,
                resultsSeconds, closePause, closeGen2, phases, closeAllocated, timeline, closeJitMethods, closeJit), closed);
        }
        finally
        {
            neighbour?.Dispose();
            StandInStrategies.Delete(strategy);
        }
    }

    // The time from `since` until another connection reads the run's whole analysis (metrics_json, written by the
    // analysis' last step: a run whose metrics_json is there has all its derived rows; `whole_run` true: its end's, not
    // one stored while it recorded), looked at every 2 ms on a connection of its own.
    private static Task<double> TimeToResults(string path, string runId, long since) => Task.Run(async () =>
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT json_extract(metrics_json, '$.whole_run') IS 1 FROM strategy_runs WHERE run_id = $run";
        command.Parameters.AddWithValue("$run", runId);
        while (true)
        {
            if (await command.ExecuteScalarAsync() is long and 1)
            {
                return Stopwatch.GetElapsedTime(since).TotalSeconds;
            }

            if (Stopwatch.GetElapsedTime(since) > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"run {runId}'s metrics were not in {path} 10 minutes after its last bar");
            }

            await Task.Delay(2);
        }
    });
}
