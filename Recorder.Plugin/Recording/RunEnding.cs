using QuantowerRecorder.Plugin.Diagnostics;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>What follows a run's end, off the platform's thread: its analysis and the close of its handle.</summary>
internal static class RunEnding
{
    /// <summary>
    /// The analysis, a job of the file's writer once the run's events are written. Never faults: what went wrong is in
    /// the strategy's log, and the results can be made again with `recorder analyze`.
    /// </summary>
    public static Task Analyse(RecorderSession session, string runId, ProblemLog problems) =>
        session.AnalyzeRunWhenWritten(runId).ContinueWith(t =>
        {
            if (t.IsFaulted)
            {
                problems.Report("analysing the run", t.Exception!.GetBaseException());
            }
            else if (t.IsCanceled)
            {
                problems.Report($"the run was not analysed (the file closed first); compute it with: recorder analyze {runId}");
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>
    /// Closes the run's handle on a thread of its own: a close waits (for the run's events, its analysis, the file), and
    /// the thread pool it would hold is the platform's (an optimisation's passes once held up to 85 of its threads, and
    /// the pool grew while the analyses, then prepared there, waited for one).
    /// </summary>
    public static Task Close(RecorderSession session, TimeSpan timeout, ProblemLog problems) =>
        BackgroundCloses.Track(Task.Factory.StartNew(() => Guard.Run(problems, "closing the database", () =>
        {
            var result = session.Close(timeout);
            if (!result.Completed)
            {
                problems.Report($"the database did not take every event in time: {result.Pending} pending ({result.Message})");
            }
        }), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default), static () => { });
}
