using System.Globalization;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The writer's two ends: at open, what an earlier process left (the spill file's events, runs its recorder never ended)
/// is recovered; at close, what could not be written is said — kept in the spill file for the next open, or lost with the
/// runs that open will end ABANDONED. Between them, the handles that keep it open and a close that the next one takes over.
/// </summary>
internal sealed partial class Writer
{
    /// <summary>
    /// How long a close of a writer that a new handle took over at its last close waits for the next one before it
    /// stores the trials' figures (an optimisation's next pass comes within milliseconds; its last pass's close waits
    /// this): learnt from the handles that came (<see cref="HandleGaps"/>).
    /// </summary>
    private readonly HandleGaps handleGaps;

    // A new handle took the writer over at one of its closes (Close): its closes expect the next.
    private bool takenOver;
    private int handles = 1;

    /// <summary>How long a close waits now for the next handle (<see cref="HandleGaps"/>).</summary>
    internal TimeSpan NextHandleGrace => handleGaps.Wait;

    /// <summary>Handles open on this writer; only changed under <see cref="RecorderSession"/>'s registry lock.</summary>
    public int Handles
    {
        get => Volatile.Read(ref handles);
        set
        {
            var had = Volatile.Read(ref handles);
            Volatile.Write(ref handles, value);
            if (value == 0)
            {
                handleGaps.Left();
            }
            else if (had == 0)
            {
                handleGaps.Came();
            }

            // A close waiting for its jobs learns at once that a new handle took the writer over.
            Progressed();
        }
    }

    /// <summary>
    /// Set, under the registry lock, once the last handle's close has decided to stop the writer: from then on a new
    /// handle waits for a writer of its own instead of joining this one.
    /// </summary>
    public bool Retiring { get; set; }

    /// <summary>
    /// Drains and closes. The first call does it; later ones wait for its result within their own budget. Jobs asked for
    /// before the close (a run's analysis) run before the loop stops, within the same budget. With
    /// <paramref name="stayOpen"/>, a new handle may take the writer over until then: the wait for the jobs ends when
    /// one does, and <paramref name="stayOpen"/>, asked once after it, decides — true, and the writer goes on (the
    /// result is the drain's, and the trials' figures due go back to their interval: <see cref="TrialFiguresDue"/>);
    /// false, and it stops.
    /// </summary>
    public FlushResult Close(TimeSpan timeout, Func<bool>? stayOpen = null)
    {
        if (Interlocked.Exchange(ref closing, 1) == 1)
        {
            return WaitClosed(timeout) && closeResult is { } done ? done
                : new FlushResult(false, counters.Pending, "the file is still being closed by another call");
        }

        WriterEvents.Log.CloseBegan(DatabasePath);
        var started = time.GetTimestamp();
        TimeSpan Left() => timeout - time.GetElapsedTime(started);

        // Part of the budget is kept for the loop to stop and spill what it could not write, so that the result can
        // say where those events are: no wait before the loop's stop may use it (jobs that cannot run while the file
        // is locked would otherwise wait it out, and the close would return before the spill file has the events).
        var reserve = TimeSpan.FromTicks(Math.Min(timeout.Ticks / 4, TimeSpan.TicksPerSecond));
        TimeSpan BeforeStop() => Left() - reserve;
        var drained = Flush(timeout - reserve);
        WriterEvents.Log.CloseDrained(DatabasePath);
        // Runs still open with events since their last analysis (an import that ends mid-run, a recorder stopped with
        // its run open) are analysed now, within this budget, like the jobs asked for before; not when the file did not
        // take every event (a full disk): what is left of the budget is the spill file's.
        if (drained.Completed)
        {
            running?.AtClose();
        }

        // A writer that a new handle took over at its last close is in a run of passes (an optimisation), whose next
        // handle usually comes within moments: the trials' figures, which that handle would call off, are not hurried
        // before it has had NextHandleGrace (four times the longest of the latest gaps it saw before a handle came,
        // HandleGaps). The analyses asked for before the close run first (a pass's end makes its trials due); the last
        // pass's close stores the figures after that wait; a close with none due does not wait.
        var comes = false;
        if (takenOver && stayOpen is not null)
        {
            WaitUntil(() => jobs.Count == 0 || exited || Handles > 0, BeforeStop());
            var grace = NextHandleGrace;
            comes = Handles > 0 || (figures.Due
                && WaitUntil(() => exited || Handles > 0, BeforeStop() < grace ? BeforeStop() : grace) && Handles > 0);
        }

        // The analyses asked for before the close, then the trials' figures due, while a new handle may still take the
        // writer over (an optimisation's next pass). One that does calls the figures off: they go back to their interval,
        // the job computing them stops, and the next pass does not wait for its whole population's figures.
        if (!comes)
        {
            figures.AtClose();
        }

        queue.Wake();
        WaitUntil(() => figures.Settled || exited || (stayOpen is not null && Handles > 0), BeforeStop());
        if (stayOpen?.Invoke() == true)
        {
            takenOver = true;
            figures.CalledOff();
            Volatile.Write(ref closing, 0);
            WriterEvents.Log.CloseEnded(DatabasePath);
            return drained;
        }

        accepting = false;
        WaitUntil(() => jobs.Count == 0 || exited, BeforeStop());
        stop.Cancel();
        queue.Complete();
        var result = WaitUntil(() => exited, Left()) ? Finish(drained, Left)
            // The loop is stuck (a lock held by another program): leave it a background thread, say what is lost.
            : NotWritten(counters.Pending, string.Create(CultureInfo.InvariantCulture,
                $"writer did not finish within {timeout.TotalSeconds:0.###} s; {counters.Pending} event(s) not written"));
        if (!result.Completed)
        {
            Report("closing: " + result.Message);
        }

        alarm.Dispose();
        closeResult = result;
        Progressed();
        WriterEvents.Log.CloseEnded(DatabasePath);
        return result;
    }

    // At open: what an earlier process left in the spill file is written first (its runs' new events are numbered after
    // it), and runs still RUNNING whose recorder died, or whose last close lost events, are ended ABANDONED through
    // the queue like any event — unless their own end waits in the spill file.
    private List<string> Recover()
    {
        var abandoned = new List<string>();
        var recovered = spillFile.Recover();
        foreach (var (runId, highest) in recovered.HighestSequence)
        {
            sequences.AtLeast(runId, highest);
        }

        Interlocked.Add(ref counters.Received, recovered.Events);
        Interlocked.Exchange(ref spilled, spillFile.Pending);
        if (recovered.Events + recovered.Unreadable > 0)
        {
            var cut = recovered.Unreadable > 0
                ? string.Create(CultureInfo.InvariantCulture, $"; {recovered.Unreadable} line(s) cut by a crash could not be read")
                : string.Empty;
            Report(string.Create(CultureInfo.InvariantCulture,
                $"{recovered.Events} event(s) left in the spill file by an earlier session are written first{cut}"));
        }

        foreach (var runId in batches.FindAbandonedRuns(recovered.HighestSequence.Keys))
        {
            var reason = runLocks.ReasonOf(runId);
            runLocks.ForgetAbandoned(runId);
            if (!recovered.Ended.Contains(runId))
            {
                Record(new RunEnded
                {
                    RunId = runId,
                    EventUtc = time.GetUtcNow().UtcDateTime,
                    Status = RunStatus.Abandoned,
                    ErrorMessage = reason is null
                        ? "The recorder that was writing this run stopped without ending it (crash or kill); found when the file was next opened."
                        : $"The recorder that was writing this run closed without writing all its events ({reason}); found when the file was next opened.",
                }, mayWait: false);
                abandoned.Add(runId);
            }
        }

        return abandoned;
    }

    // A run this open ended ABANDONED is analysed as any ended run is, once its end is written: the analysis a running
    // run had stored (as of some event before the crash) is replaced by its whole analysis, as `recorder analyze` gives it.
    private void AnalyseAbandoned(List<string> runIds)
    {
        foreach (var runId in runIds)
        {
            EndAnalysisAsked(runId);
            AnalyseWhole(runId)
                .ContinueWith(t => Report($"the analysis of run {runId}, ended ABANDONED, failed ({t.Exception!.GetBaseException().Message}); " +
                                          $"recorder analyze {runId} computes it"),
                    CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>How long a close waits for the readings still leased when its loop has stopped.</summary>
    internal static readonly TimeSpan ReadingsGrace = TimeSpan.FromSeconds(5);

    // After the loop stopped: definitions whose run never started are quarantined, the file is closed, and what is
    // still in the spill file is said — kept on disk for the next open, or lost with the runs the next open ends ABANDONED.
    private FlushResult Finish(FlushResult drained, Func<TimeSpan> left)
    {
        try
        {
            var stored = batches.QuarantinePendingDefinitions(() => left() > TimeSpan.Zero);
            Interlocked.Add(ref counters.WaitingForRun, -stored);
            Interlocked.Add(ref counters.Quarantined, stored);
        }
        catch (Exception ex)
        {
            // Nothing may reach the caller; a damaged or unwritable file is said in the counters.
            counters.LastError = "Could not quarantine waiting definitions: " + ex.Message;
        }

        jobs.CancelAll();
        // A reading still leased (a backtest's facts read on, a job called off half-way) would close after the writer's
        // own connection, and the -wal and -shm files would stay beside the file until it did: a copy of the file alone
        // made right after the close would miss the log's last commits. Waited for, at most ReadingsGrace (a reading
        // called off ends within moments; one stuck does not hold the close for its whole budget).
        var forReadings = left();
        WaitUntil(() => Readings.Leased == 0, forReadings < ReadingsGrace ? forReadings : ReadingsGrace);
        batches.Dispose();
        facts.Dispose();
        Readings.Dispose();
        connection.Dispose();
        var lost = spillFile.InMemory;
        var lostRuns = lost.Select(e => e.Event.RunId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var kept = spillFile.Pending - lost.Count;
        // A run with lost events keeps its lock file: the next open marks it ABANDONED, not RUNNING as if clean.
        runLocks.KeepAsAbandoned(lostRuns, string.Create(CultureInfo.InvariantCulture,
            $"{lost.Count} event(s) it could not write were lost, no spill file could be written either") +
            (counters.LastError is { } cause ? "; " + cause : string.Empty));
        runLocks.Dispose();
        var pending = counters.Pending;
        if (pending == 0)
        {
            if (counters.LastError is null)
            {
                CheckedFiles.ClosedClean(DatabasePath);
            }

            return FlushResult.Done;
        }

        var where = new List<string>();
        if (kept > 0)
        {
            where.Add(string.Create(CultureInfo.InvariantCulture,
                $"{kept} unwritten event(s) kept in the spill file {spillFile.Location}; the next recorder to open the file writes them first"));
        }

        if (lost.Count > 0)
        {
            where.Add(string.Create(CultureInfo.InvariantCulture,
                $"{lost.Count} unwritten event(s) lost: no spill file could be written either; the next open marks run(s) {string.Join(", ", lostRuns)} ABANDONED"));
        }

        var message = string.Create(CultureInfo.InvariantCulture, $"{pending} event(s) not written") +
                      (where.Count > 0 ? ": " + string.Join("; ", where) : drained.Message is { } why ? ": " + why : string.Empty);
        return new FlushResult(false, pending, message);
    }
}
