using System.Globalization;
using QuantowerRecorder.Analytics.Drift;
using QuantowerRecorder.Plugin.Diagnostics;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Journal;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>
/// The drift alarm of a live or paper run (docs/plugin.md, "The drift alarm"). After each fill that may close a trade,
/// the run is compared with its parameter set's default backtest in the file (<see cref="LiveDrift"/>), once the
/// fill is written and off the platform's thread. Each trade is judged once, in order, on the band at its k (the band
/// of the first k trades does not depend on later ones): where the run leaves the band — from inside, or from the
/// other side — one warning goes to the strategy's log and one note, stamped with that trade's exit, to the run's
/// journal. Staying out says nothing more; back inside and out again says it again. Checks asked while one runs are
/// folded into one more, which judges every trade closed since: the same warnings however the checks fall. Never throws.
/// </summary>
internal sealed class DriftWatch(string runId, ProblemLog problems)
{
    /// <summary>Who the journal says wrote the note.</summary>
    public const string Author = "recorder drift alarm";

    private readonly object sync = new();
    private TaskCompletionSource idle = Done();
    private bool running;
    private bool again;

    // Touched by one check at a time (running), so without a lock.
    private int judged;
    private DriftPosition last = DriftPosition.Inside;

    /// <summary>Completes once no check is running or asked (a run's close waits for it; so do tests).</summary>
    public Task Idle
    {
        get
        {
            lock (sync)
            {
                return idle.Task;
            }
        }
    }

    /// <summary>On the platform's thread, under the run's lock: only asks the file's writer for a check, never waits.</summary>
    public void TradeMayHaveClosed(RecorderSession session)
    {
        lock (sync)
        {
            if (running)
            {
                again = true;
                return;
            }

            running = true;
            idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        Check(session);
    }

    private static TaskCompletionSource Done()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    // The continuation is queued to the thread pool even when the task is already over: never on the platform's thread.
    private void Check(RecorderSession session) => session.DriftWhenWritten(runId).ContinueWith(
        t => Checked(session, t), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

    private void Checked(RecorderSession session, Task<LiveDrift?> reading)
    {
        Guard.Run(problems, "checking the run's drift", () =>
        {
            if (reading.IsFaulted)
            {
                problems.Report("checking the run's drift against its backtest", reading.Exception!.GetBaseException());
            }
            else if (reading.IsCompletedSuccessfully && reading.Result is { } drift)
            {
                Judge(session.DatabasePath, drift);
            }
        });

        TaskCompletionSource? finished = null;
        lock (sync)
        {
            if (again)
            {
                again = false;
            }
            else
            {
                running = false;
                finished = idle;
            }
        }

        if (finished is null)
        {
            Check(session);
        }
        else
        {
            finished.TrySetResult();
        }
    }

    private void Judge(string path, LiveDrift drift)
    {
        var band = drift.Result.Band;
        for (; judged < band.Count; judged++)
        {
            var point = band[judged];
            var crossed = point.Position != DriftPosition.Inside && point.Position != last;
            last = point.Position;
            if (crossed)
            {
                Warn(path, drift, point, drift.ExitsUtc[judged]);
            }
        }
    }

    private void Warn(string path, LiveDrift drift, DriftPoint point, DateTime exitUtc)
    {
        var note = Note(drift, point);
        var db = string.Equals(Path.GetFullPath(path), Path.GetFullPath(DefaultDatabase.Path), StringComparison.OrdinalIgnoreCase)
            ? "" : $" --db \"{path}\"";
        problems.Warn(note + db);
        try
        {
            // Stamped when the trade that left the band closed: the note says when it happened, whenever it was checked.
            using var journal = RecorderStore.OpenJournal(path, new At(exitUtc));
            journal.Note(JournalSubject.Run(runId), note, Author);
        }
        catch (Exception ex)
        {
            problems.Report("writing the drift warning to the run's journal", ex);
        }
    }

    private string Note(LiveDrift drift, DriftPoint point)
    {
        var result = drift.Result;
        var money = drift.Currency is null ? "" : " " + drift.Currency;
        var where = point.Position == DriftPosition.Below ? "below" : "above";
        var sure = DriftMinimums.Of(point.K, result.BacktestTrades) is { } few ? $" With so few trades this may still be chance: {few.Text}." : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"drift alarm: run {runId[..8]} left its backtest's band at trade {point.K}, {where} it. " +
            $"Net PnL {point.Forward:0.##}{money} after trade {point.K} against a band of {point.Low:0.##} to {point.High:0.##} " +
            $"({100 * result.LowPercentile:0.#}th to {100 * result.HighPercentile:0.#}th percentile of {result.Samples} resamplings " +
            $"of backtest {drift.BacktestRunId[..8]}'s {result.BacktestTrades} trades); its drawdown {point.ForwardDrawdown:0.##}{money} " +
            $"against the backtest's {100 * result.HighPercentile:0.#}th percentile of {point.DrawdownHigh:0.##}{money}.{sure} " +
            $"See: recorder drift {runId[..8]}");
    }

    /// <summary>A clock that always says one moment: the journal stamps the note with it.</summary>
    private sealed class At(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
    }
}
