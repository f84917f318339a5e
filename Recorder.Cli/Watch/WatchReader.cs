using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Watch;

/// <summary>
/// Reads what the watch shows, through Storage's read API, in one snapshot of the file: the running runs (the newest
/// run when none is running), one run, or one study's passes recorded so far.
/// </summary>
internal sealed class WatchReader(string? runId, string? studyId)
{
    // A running run's drift from its parameter set's latest ended backtest, by run: computed again only when its fills
    // or that backtest changed (a redraw per commit would resample the band each time).
    private readonly Dictionary<string, (string Key, string Summary)> drifts = new(StringComparer.Ordinal);

    /// <summary>How far back a live or paper run's events are counted (its events per minute).</summary>
    public static readonly TimeSpan ActivityWindow = TimeSpan.FromMinutes(1);

    public WatchSnapshot Read(IRecorderReader reader)
    {
        var snapshot = Runs(reader);
        var schema = reader.Health.Schema();
        return snapshot with { File = new FileHealth(schema.FileBytes, schema.WalBytes, reader.Health.QuarantinedEvents()) };
    }

    private WatchSnapshot Runs(IRecorderReader reader) => reader.InSnapshot(r =>
    {
        var idLength = ShortIds.Length(r.Runs.Ids());
        if (runId is not null)
        {
            var run = r.Runs.Get(runId) ?? throw new CliException($"Run {runId} is no longer in the file.");
            return new WatchSnapshot([Closely(r, RunRecord.Of(r, run))], idLength);
        }

        if (studyId is not null)
        {
            var study = r.Studies.Match(studyId).FirstOrDefault(s => s.StudyId == studyId);
            var passes = study?.Passes.Select(p => r.Runs.Get(p.RunId)).OfType<RunSummary>().ToList() ?? [];
            var records = RunRecord.Of(r, passes);
            // Every pass in a line; the running ones in full, as a run is watched.
            return new WatchSnapshot(
                records.Select(p => p.Status == "RUNNING" ? Closely(r, p) : new WatchedRun(p, null, null, null)).ToList(),
                idLength, study?.Name ?? studyId);
        }

        var running = r.Runs.List(new RunQuery { Status = "RUNNING" }).Runs;
        var shown = running.Count > 0 ? running : r.Runs.List(new RunQuery { Descending = true, Limit = 1 }).Runs;
        return new WatchSnapshot(RunRecord.Of(r, shown).Select(p => Closely(r, p)).ToList(), idLength, NoneRunning: running.Count == 0);
    });

    // The newest fill, and the first and newest bar of the run's first series (a backtest's time covered so far).
    private WatchedRun Closely(IRecorderReader r, RunRecord run)
    {
        var lastFill = r.Trading.Executions(run.RunId).Select(e => e.ExecUtc).DefaultIfEmpty().Max(StringComparer.Ordinal);
        string? first = null, last = null;
        if (r.MarketData.Series(run.RunId) is [var series, ..])
        {
            var bars = r.MarketData.Bars(run.RunId, series.Symbol, series.Timeframe);
            (first, last) = bars.Count == 0 ? (null, null) : (bars[0].TsUtc, bars[^1].TsUtc);
        }

        // A live or paper run's pace: its events in the last minute of its own time.
        var forward = run.Status == "RUNNING" && run.RunType is "LIVE" or "PAPER";
        var activity = forward ? r.Runs.Activity(run.RunId, ActivityWindow) : null;
        return new WatchedRun(run, lastFill, first, last, activity, forward ? Drift(r, run) : null);
    }

    // `recorder drift`'s verdict in words for a forward run, against its parameter set's latest ended backtest; null
    // when it has none.
    private string? Drift(IRecorderReader r, RunRecord run)
    {
        if (r.Runs.Get(run.RunId) is not { } forward || DriftInputs.DefaultBacktest(r, forward) is not { } backtest)
        {
            return null;
        }

        var key = $"{forward.ExecutionCount}|{backtest.RunId}|{backtest.ExecutionCount}|{run.AnalysisAsOfUtc}";
        if (drifts.TryGetValue(run.RunId, out var known) && known.Key == key)
        {
            return known.Summary;
        }

        string summary;
        try
        {
            summary = $"against backtest {backtest.RunId[..8]}: {DriftView.Of(r, forward, backtest, named: false).Summary}";
        }
        catch (ArgumentException e)
        {
            // What `recorder drift` says of runs it cannot compare, said in the run's block instead of ending the watch.
            summary = $"against backtest {backtest.RunId[..8]}: not computed ({e.Message})";
        }

        drifts[run.RunId] = (key, summary);
        return summary;
    }
}
