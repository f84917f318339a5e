using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The facts of the runs a writer records, kept between their analyses (<see cref="RunFacts"/>): made when a run's
/// first events are committed, told after each commit which bar times it wrote, forgotten after a write from another
/// connection, and let go once the run's end analysis has read them (or at the close). A backtest, analysed only at its
/// end, is read on meanwhile, off the writer's thread, at most every <see cref="ReadOnEvery"/> and no more than
/// <see cref="MaxReadOns"/> runs at once: its end then reads what was written since, not the whole run.
/// </summary>
/// <remarks>
/// Another connection's write is found twice over: at the writer's next commit (its own connection's data_version moves
/// only for others' commits), and at the start of every reading, which may come before that commit. A reading cannot
/// ask the writer's connection (the writer's thread uses it), so it asks the <see cref="CommitSentinel"/> under
/// <see cref="Commits"/>, which the writer notes after each of its commits and of its other writes that move it (a job's
/// transaction, a truncating checkpoint: <see cref="OwnWrite"/>), each under the same lock.
/// </remarks>
/// <param name="readings">The writer's reading connections, for the readings on the way.</param>
/// <param name="time">The writer's clock.</param>
/// <param name="openSentinel">Opens the sentinel on the file's path (the writer's: with the factory its own connection is made by).</param>
/// <param name="report">Says a failure after a commit (the writer's report).</param>
internal sealed partial class KeptFacts(ReadConnections readings, TimeProvider time, Func<string, SqliteConnection>? openSentinel = null,
    Action<string>? report = null) : IDisposable
{
    /// <summary>
    /// How long a backtest's facts may fall behind before they are read on. Its end reads what came since: with 250 ms
    /// that was 8–15 ms of a close of 100,000 bars (the last 450–700 orders' states and the bars with them), with 50 ms
    /// 1–2 ms; the rows read over the run are the same, only each reading's fixed cost comes more often (docs/benchmarks.md).
    /// </summary>
    public static readonly TimeSpan ReadOnEvery = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Read-ons under way at once, over every run the writer records: a writer with many backtests open at once (an import
    /// interleaving them) reads them on in turn, on connections it keeps (<see cref="ReadConnections.Kept"/>, one left for
    /// an analysis), instead of opening one for each.
    /// </summary>
    public const int MaxReadOns = ReadConnections.Kept - 1;

    private static readonly string Live = StoredText.Source(RunSource.Live);
    private static readonly string Paper = StoredText.Source(RunSource.Paper);

    private readonly object gate = new();
    private readonly Dictionary<string, Kept> runs = new(StringComparer.Ordinal);
    private readonly CommitSentinel sentinel = new(readings.Path, openSentinel ?? DatabaseFile.OpenForReading);
    private int readOns;

    /// <summary>The lock a batch is committed under, and what it wrote told: a reading begins its snapshot under it too.</summary>
    public object Commits { get; } = new();

    /// <summary>
    /// On the writer's thread after a commit: the runs it wrote events of. A run still running gets facts kept for it; a
    /// backtest whose facts fell behind is read on, on the thread pool.
    /// </summary>
    public void Written(IEnumerable<(string RunId, string Source, bool Running)> written)
    {
        lock (gate)
        {
            foreach (var (runId, source, isRunning) in written)
            {
                if (!runs.TryGetValue(runId, out var kept))
                {
                    if (!isRunning)
                    {
                        continue;
                    }

                    runs[runId] = kept = new Kept(new RunFacts(runId), time.GetTimestamp()) { ReadOn = source != Live && source != Paper };
                }

                if (isRunning && kept.ReadOn && kept.Reading is null && readOns < MaxReadOns && time.GetElapsedTime(kept.LastRead) >= ReadOnEvery)
                {
                    readOns++;
                    kept.Reading = Task.Run(() => ReadOn(kept));
                }
            }
        }
    }

    /// <summary>
    /// Begins a reading of the run's kept facts on <paramref name="connection"/> (its snapshot begun); null when none are
    /// kept (a run this writer did not record, or one too big to keep): the caller reads the run whole.
    /// </summary>
    public RunFacts.Reading? Begin(string runId, SqliteConnection connection)
    {
        Kept? kept;
        lock (gate)
        {
            kept = runs.GetValueOrDefault(runId);
        }

        return kept?.Facts.Begin(Commits, connection, ForeignSince);
    }

    /// <summary>Closes the sentinel (before the writer's own connection: the last to close tidies the log away).</summary>
    public void Dispose()
    {
        lock (Commits)
        {
            sentinel.Dispose();
        }
    }

    /// <summary>After a reading: facts that grew too big to keep are let go.</summary>
    public void Read(string runId)
    {
        lock (gate)
        {
            if (runs.TryGetValue(runId, out var kept))
            {
                kept.LastRead = time.GetTimestamp();
                if (kept.Facts.TooBig)
                {
                    runs.Remove(runId);
                }
            }
        }
    }

    /// <summary>The run's end analysis has read its facts: nothing will read them again.</summary>
    public void Ended(string runId)
    {
        lock (gate)
        {
            runs.Remove(runId);
        }
    }

    /// <summary>The read-on of the run's facts under way, else null (tests).</summary>
    internal Task? ReadingOn(string runId)
    {
        lock (gate)
        {
            return runs.GetValueOrDefault(runId)?.Reading;
        }
    }

    /// <summary>The facts kept for a run (tests).</summary>
    internal RunFacts? Of(string runId)
    {
        lock (gate)
        {
            return runs.GetValueOrDefault(runId)?.Facts;
        }
    }

    private List<RunFacts> All()
    {
        lock (gate)
        {
            return [.. runs.Values.Select(k => k.Facts)];
        }
    }

    private void ReadOn(Kept kept)
    {
        try
        {
            using var lease = readings.Open();
            using var reading = kept.Facts.Begin(Commits, lease.Connection, ForeignSince);
            reading.Update();
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException or IOException)
        {
            // Only a head start: the end's reading reads what this one could not.
        }
        finally
        {
            lock (gate)
            {
                kept.Reading = null;
                readOns--;
            }

            Read(kept.Facts.RunId);
        }
    }

    private sealed class Kept(RunFacts facts, long lastRead)
    {
        public RunFacts Facts { get; } = facts;

        /// <summary>A backtest: read on while it records (a live or paper run's analyses on the interval read it).</summary>
        public bool ReadOn { get; init; }

        public long LastRead { get; set; } = lastRead;

        public Task? Reading { get; set; }
    }
}
