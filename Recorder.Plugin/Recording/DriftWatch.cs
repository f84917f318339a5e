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
/// the run is compared with its parameter set's latest ended backtest in the file (<see cref="LiveDrift"/>), once the
/// fill is written and off the platform's thread; when the run leaves the backtest's band, one warning goes to the
/// strategy's log and one note to the run's journal — once per crossing: staying out says nothing more, coming back
/// in and leaving again says it again. Checks asked while one runs are folded into one more. Never throws.
/// </summary>
internal sealed class DriftWatch(string runId, TimeProvider clock, ProblemLog problems)
{
    /// <summary>Who the journal says wrote the note.</summary>
    public const string Author = "recorder drift alarm";

    private readonly object sync = new();
    private TaskCompletionSource idle = Done();
    private bool running;
    private bool again;
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
            else if (reading.IsCompletedSuccessfully && reading.Result is { Result.Verdict: { } verdict } drift)
            {
                Judge(session, drift, verdict);
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

    // One check at a time (running), so `last` needs no lock.
    private void Judge(RecorderSession session, LiveDrift drift, DriftVerdict verdict)
    {
        var crossed = verdict.Position != DriftPosition.Inside && verdict.Position != last;
        last = verdict.Position;
        if (!crossed)
        {
            return;
        }

        var text = Warning(drift, verdict, session.DatabasePath);
        problems.Warn(text);
        try
        {
            using var journal = RecorderStore.OpenJournal(session.DatabasePath, clock);
            journal.Note(JournalSubject.Run(runId), text, Author);
        }
        catch (Exception ex)
        {
            problems.Report("writing the drift warning to the run's journal", ex);
        }
    }

    private string Warning(LiveDrift drift, DriftVerdict verdict, string path)
    {
        var result = drift.Result;
        var end = result.Band[^1];
        var money = drift.Currency is null ? "" : " " + drift.Currency;
        var where = verdict.Position == DriftPosition.Below ? "below" : "above";
        var sure = result.NotEnough is { } few ? $" With so few trades this may still be chance: {few.Text}." : "";
        var db = string.Equals(Path.GetFullPath(path), Path.GetFullPath(DefaultDatabase.Path), StringComparison.OrdinalIgnoreCase)
            ? "" : $" --db \"{path}\"";
        return string.Create(CultureInfo.InvariantCulture,
            $"drift alarm: run {runId[..8]} left its backtest's band, {where} it since trade {verdict.Since} of {end.K}. " +
            $"Net PnL {end.Forward:0.##}{money} against a band of {end.Low:0.##} to {end.High:0.##} " +
            $"({100 * result.LowPercentile:0.#}th to {100 * result.HighPercentile:0.#}th percentile of {result.Samples} resamplings " +
            $"of backtest {drift.BacktestRunId[..8]}'s {result.BacktestTrades} trades); its drawdown {verdict.ForwardDrawdown:0.##}{money} " +
            $"is deeper than {verdict.DrawdownDeeperThan:0.#} % of the backtest's.{sure} See: recorder drift {runId[..8]}{db}");
    }
}
