using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>What one analysis stored.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Analysis">The full result.</param>
public sealed record AnalyzeResult(string RunId, RunAnalysis Analysis);

/// <summary>
/// Computes a run's analytics from its rows and stores them where people look: round trips in <c>run_trades</c>,
/// the equity curve in <c>run_equity</c>, execution quality in <c>run_order_quality</c>, every metric in
/// <c>run_metrics_kv</c> and the summary in <c>strategy_runs.metrics_json</c>. Recomputing replaces all of it, in one
/// transaction here and in steps at a run's end (<see cref="AnalysisSteps"/>); the derived tables can be emptied at any
/// time and rebuilt from executions, orders and bars.
/// </summary>
public static partial class RunAnalysisStore
{
    /// <summary>Opens the file for writing, analyses one run and stores the results.</summary>
    public static AnalyzeResult AnalyzeFile(string path, string runId, AnalysisOptions? options = null, TimeProvider? time = null)
    {
        using var connection = DatabaseFile.OpenForWriting(path, time ?? TimeProvider.System);
        return Analyze(connection, runId, options, time);
    }

    /// <summary>
    /// Analyses one run on an open writable connection and stores the results; then, with <paramref name="trialFigures"/>,
    /// the deflated Sharpe figures of every run whose trials include it (<see cref="StoreTrialFigures"/>). A caller that
    /// analyses many runs stores those once, after the last.
    /// </summary>
    public static AnalyzeResult Analyze(SqliteConnection connection, string runId, AnalysisOptions? options = null, TimeProvider? time = null,
        bool trialFigures = true)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var computed = Compute(connection, runId, options, CancellationToken.None);
        Store(connection, runId, computed, time ?? TimeProvider.System);
        if (trialFigures && options is not { Trials: not null } and not { Population: not null })
        {
            StoreTrialFigures(connection, [runId]);
        }

        return new AnalyzeResult(runId, computed.Analysis.Result);
    }

    /// <summary>
    /// Stores the deflated Sharpe figures (docs/metrics.md, "Trials") of every run whose trials include one of
    /// <paramref name="runIds"/>, from the Sharpe ratios stored now (<see cref="TrialFigures"/>). Returns how many
    /// runs' figures changed.
    /// </summary>
    public static int StoreTrialFigures(SqliteConnection connection, IReadOnlyCollection<string> runIds)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return TrialFigures.Store(connection, runIds);
    }

    // The one computation of every path — `analyze`, a run's end, a running run's analysis: the run's rows, and the
    // caller's trials if any; the figures its population gives are stored after it (TrialFigures). Its as-of is read in
    // the same snapshot as its rows. Where the caller gives it threads beside the writer (a run's end: `threads`) and the
    // run has more trades and orders than a writer's step, it returns once the trades are computed and what the insight
    // reads of the file is read, with the insight and the rest of the analysis (equity, metrics, validation: no reading)
    // still computed on the thread pool, so that the writer stores the trades while they are computed and each one's rows
    // once it is (AnalysisSteps.Of waits for them: WriterJobs.After). With one thread they follow one another in the order
    // the writer stores them; with more, the insight beside the equity and then the rest. Else (a small run's end, a
    // running run's analysis, `analyze`) it computes the insight and then the rest on this thread, and a small run's
    // store stays one commit: a page watching a running run never finds its metrics cleared between two. Every path
    // makes the insight's and the equity's rows as stored where it computes them: the writer only binds them.
    private static Computed Compute(SqliteConnection connection, string runId, AnalysisOptions? options,
        CancellationToken cancel, Task<List<BarSeries>>? bars = null, RunFacts.Reading? facts = null, int threads = 0)
    {
        var input = facts?.Input() ?? RunLoader.Load(connection, runId, bars: bars);
        var asOf = AsOf(connection, runId);
        cancel.ThrowIfCancellationRequested();
        options ??= AnalysisOptions.Default;
        // Stored in steps where the caller gives threads beside the writer and the run has more rows to store ahead than a
        // writer's step. A whole run's validation statistics read its trades' net PnL alone: where the run is stored so,
        // they begin as soon as its trades are matched, beside the rest, which waits for them if they are not done or
        // computes those not begun (StartedAnalysis.Finish).
        bool InSteps(int closed, int open) => threads > 0 && StoredAhead(closed, open, input) >= AnalysisSteps.WriterRowsPerStep;
        var started = RunAnalyzer.Start(input, options, facts?.Fold, threads > 0 ? InSteps : null, cancel);
        var precision = StoredPrecision.Of(input);
        var trades = precision.Trades(started.Trades);
        var openPositions = precision.OpenPositions(started.OpenPositions);
        // Each part with its rows as stored, made here or on the pool: the writer only binds them.
        InsightPart Insight(RunInsight.Sources sources)
        {
            var insight = sources.Compute(started.Trades, started.Bars);
            return new InsightPart(insight, InsightRowLists.Of(runId, insight, precision));
        }

        CurvePart Curve()
        {
            var computed = started.Curve();
            var stored = StoredCurve.Of(computed, precision, facts?.Curve);
            facts?.Keep(started.Fold, started.CurveContinued, stored);
            return CurvePart.Of(computed, precision, stored);
        }

        RunAnalysis Rest(CurvePart curve) => precision.Apply(started.Finish(), trades, openPositions, curve.Curve);
        var split = InSteps(started.Trades.Count, started.OpenPositions.Count);
        // Side by side, the curve and then the rest are computed beside the insight, the rest once the curve is (its rows
        // are stored meanwhile).
        var besideCurve = split && threads > 1 ? Task.Run(Curve, cancel) : null;
        cancel.ThrowIfCancellationRequested();
        // The insight reads the trades as computed; both are stored at their precision (docs/metrics.md, "Stored precision").
        // What it reads of the file is read here, in the snapshot; split, it is computed beside too, while the writer
        // stores the trades.
        var sources = RunInsight.Read(connection, runId, input);
        Task<InsightPart> insightPart;
        Task<CurvePart> curvePart;
        if (!split)
        {
            // Called off between the parts: a running run's analysis whose end has been asked for.
            insightPart = Task.FromResult(Insight(sources));
            cancel.ThrowIfCancellationRequested();
            curvePart = Task.FromResult(Curve());
            cancel.ThrowIfCancellationRequested();
        }
        else
        {
            insightPart = Task.Run(() => Insight(sources), cancel);
            // One thread: the curve after the insight, on the same thread, in the order the writer stores them; a part
            // that fails or is called off fails those after it.
            curvePart = besideCurve ?? Then(insightPart, _ => Curve(), cancel);
        }

        var rest = split ? Then(curvePart, Rest, cancel) : Task.FromResult(Rest(curvePart.Result));
        return new Computed(trades, openPositions, insightPart, curvePart, rest, asOf, options.WholeRun, precision);
    }

    // The next part, on the thread that finished the one before it, once it has.
    private static Task<TNext> Then<T, TNext>(Task<T> before, Func<T, TNext> next, CancellationToken cancel) =>
        before.ContinueWith(done => next(done.Result), cancel, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    // The rows the writer stores before it waits for the rest (trades and open positions, each trade's context, each
    // order's shortfall). Fewer than a writer's step (an optimisation's pass) and the rest is computed after the insight:
    // a task of its own and a second commit cost more than the overlap saves (the optimisation benchmark, 1.5 ms a pass).
    private static int StoredAhead(int closedTrades, int openPositions, RunInput input) =>
        (2 * closedTrades) + openPositions + input.Orders.Count;

    /// <summary>
    /// The run's time (event_utc) of the newest event in the raw log: what an analysis of these rows is as of. Read from
    /// the rows, not the clock, so `analyze` of the same rows stores the same value (one index seek).
    /// </summary>
    internal static string? AsOf(SqliteConnection connection, string runId) =>
        connection.Scalar("SELECT MAX(event_utc) FROM ingest_events WHERE run_id = @runId", new { runId }) as string;

    /// <summary>Stores a whole run's analysis computed by the caller (the benchmarks time the phases apart).</summary>
    internal static void Store(SqliteConnection connection, string runId, RunInput input, RunAnalysis analysis, RunInsight insight, TimeProvider time)
    {
        var precision = StoredPrecision.Of(input);
        Store(connection, runId, new Computed(runId, precision.Apply(analysis), insight, AsOf(connection, runId), wholeRun: true, precision), time);
    }

    /// <summary>
    /// Stores an analysis computed by the caller as the writer does, against what it stored last for the run
    /// (<paramref name="images"/>): a running run's (<paramref name="wholeRun"/> false) or its end after a store made
    /// while it recorded. The benchmarks time a store of every row against one of what changed, and a backtest's end
    /// store against the running one before it.
    /// </summary>
    internal static void StoreAgainst(SqliteConnection connection, string runId, RunInput input, RunAnalysis analysis, RunInsight insight, TimeProvider time,
        StoredImages images, bool wholeRun)
    {
        var precision = StoredPrecision.Of(input);
        Store(connection, runId, new Computed(runId, precision.Apply(analysis), insight, AsOf(connection, runId), wholeRun, precision), time, images);
    }

    private static void Store(SqliteConnection connection, string runId, Computed computed, TimeProvider time, StoredImages? images = null) =>
        WriteTransaction.Run(connection, () =>
        {
            foreach (var step in AnalysisSteps.Of(runId, computed, time, int.MaxValue, images))
            {
                step(connection);
            }
        });

    /// <summary>
    /// A run's end, or a running run's analysis (<paramref name="running"/>), off the writer's thread: loads and analyses
    /// the run on a reading connection of the writer's (<paramref name="readings"/>; in WAL mode the writer commits on meanwhile), and
    /// returns the store as steps for the writer to run between its batches. It reads once the run's events are
    /// committed: from the facts the writer keeps for the run (<see cref="KeptFacts"/>: what was written since they were
    /// last read), else the whole run, a long run's bars on a second connection meanwhile (<see cref="BarsBeside"/>). A running run's analysis leaves out
    /// what needs the whole run (<see cref="AnalysisOptions.WholeRun"/>) and takes no second processor from the strategy
    /// still trading. With <paramref name="images"/> (the writer's record of what it stored last for each running run)
    /// the store writes only what changed since the run's previous store. An end's analysis computes on
    /// <paramref name="threads"/> threads beside the writer (<see cref="RecorderOptions.EndAnalysisThreads"/>).
    /// <paramref name="stopStore"/> calls off a running run's store between two of its steps.
    /// </summary>
    internal static IEnumerable<Action<SqliteConnection>> AnalyzeFromSnapshot(ReadConnections readings, string runId, TimeProvider time, CancellationToken cancel,
        bool running = false, KeptFacts? kept = null, StoredImages? images = null, int threads = 1, CancellationToken stopStore = default)
    {
        Computed computed;
        // A running run's analysis takes no processor from the strategy still trading; an end's takes the threads given,
        // its validation statistics side by side only where there are two or more.
        threads = running ? 0 : Math.Max(1, threads);
        var options = running ? AnalysisOptions.Default with { WholeRun = false } : AnalysisOptions.Default with { ValidationSideBySide = threads > 1 };
        using (var lease = readings.Open())
        {
            var connection = lease.Connection;
            using var facts = kept?.Begin(runId, connection);
            if (facts is not null)
            {
                // One snapshot, begun with the facts (everything the writer told them is in it). A run that ended since
                // stores nothing here, but its facts are read on: left unread, the end's analysis would read it whole.
                if (running && !Running(connection, runId))
                {
                    facts.Update();
                    return [];
                }

                computed = Compute(connection, runId, options, cancel, facts: facts, threads: threads);
            }
            else
            {
                computed = FromFile(connection, readings, runId, options, running, threads, cancel, out var ended);
                if (ended)
                {
                    return [];
                }
            }
        }

        if (kept is not null)
        {
            if (running)
            {
                kept.Read(runId);
            }
            else
            {
                kept.Ended(runId);
            }
        }

        cancel.ThrowIfCancellationRequested();
        return AnalysisSteps.Of(runId, computed, time, AnalysisSteps.WriterRowsPerStep, images, stopStore);
    }

    // The whole run from the file, in a deferred read transaction: every read sees a committed state of the file in which
    // the run has ended. A long run's bars (the longest read) are read on a connection of their own meanwhile
    // (BarsBeside): once a run has ended, its rows are the same in every later state — another run that moves a market's
    // bar keeps this run's value as its own in the same commit (docs/decisions.md, 14). A running run's are read on this
    // connection, in one snapshot: its bars move on between two.
    private static Computed FromFile(SqliteConnection connection, ReadConnections readings, string runId, AnalysisOptions options, bool running,
        int threads, CancellationToken cancel, out bool ended)
    {
        connection.Run("BEGIN;");
        try
        {
            ended = running && !Running(connection, runId);
            if (ended)
            {
                // Ended since it was asked for: its end's analysis, asked after it, stores the whole run.
                return null!;
            }

            if (running)
            {
                return Compute(connection, runId, options, cancel, threads: threads);
            }

            // Disposed before this connection's snapshot ends: never left reading a connection that is about to be given back.
            using var beside = BarsBeside.Start(readings, connection, runId, cancel, out var series);
            var bars = beside?.Bars ?? Task.FromResult(RunLoader.Bars(connection, series));
            // An ended run's validation statistics may take the processor its strategy left.
            return Compute(connection, runId, options, cancel, bars, threads: threads);
        }
        finally
        {
            connection.Run("COMMIT;");
        }
    }

    private static bool Running(SqliteConnection connection, string runId) =>
        connection.Scalar("SELECT status FROM strategy_runs WHERE run_id = @runId", new { runId }) as string
            == StoredText.Status(Records.RunStatus.Running);
}
