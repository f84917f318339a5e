using QuantowerRecorder.Analytics.Study;
using QuantowerRecorder.Analytics.WhatIf;
using QuantowerRecorder.Storage.Journal;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// What the page asks the HTTP API for one of its views, answered ahead: each path the view requests with the record
/// the server answers it with (the same views and routes: <see cref="RunPaths"/>, <see cref="TearsheetView"/>,
/// <see cref="WhatIfView"/>, <see cref="DriftView"/>, <see cref="StudyView"/>), or the problem's detail the server
/// would give. `recorder report` embeds it in the saved page, whose api() looks there instead of asking a server.
/// Paths are written as the page normalises them: the path decoded, then the query's names sorted, decoded.
/// </summary>
public sealed class PageSnapshot
{
    private readonly Dictionary<string, object?> paths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> errors = new(StringComparer.Ordinal);

    private PageSnapshot(string route) => Route = route;

    /// <summary>The page's route the saved page opens on (#/report/… or #/study/…).</summary>
    public string Route { get; }

    /// <summary>Each path's record.</summary>
    public IReadOnlyDictionary<string, object?> Paths => paths;

    /// <summary>Paths the server answers with a problem: its detail, which the page shows as it shows the server's.</summary>
    public IReadOnlyDictionary<string, string> Errors => errors;

    /// <summary>
    /// The tearsheet of runs (#/report/a,b,…): its figures and each run's records the view reads; with them, the
    /// tearsheet's record and what it read of each run (<see cref="TearsheetRun"/>), each read once and shared.
    /// </summary>
    public static TearsheetPage Tearsheet(IRecorderReader reader, IReadOnlyList<string> runIds)
    {
        var snapshot = new PageSnapshot("#/report/" + string.Join(',', runIds));
        var runs = runIds.Select(id => TearsheetRun.Read(reader, id) ?? throw new ArgumentException($"no run '{id}'", nameof(runIds))).ToList();
        var tearsheet = snapshot.Add("/api/tearsheet/?runs=" + string.Join(',', runIds), () => TearsheetView.Of(reader, runs));
        foreach (var run in runs)
        {
            var runId = run.Detail.Run.RunId;
            var detail = RunDetailRecord.Of(reader, run.Detail);
            snapshot.Add("/api/runs/" + runId, () => detail);
            // The equity and trades the tearsheet read are these routes' records (RunPaths.Equity, RunPaths.Trades).
            snapshot.Add(RunPaths.Equity.Path(runId), () => run.Equity);
            snapshot.Add(RunPaths.Benchmark.Path(runId), () => RunPaths.Benchmark.Read(reader, runId));
            snapshot.Add(RunPaths.Trades.Path(runId), () => run.Trades);

            // What the view asks only of a run with bars and fills (the what-if grid) or of a forward run (drift).
            if (detail.Series.Count > 0 && detail.ExecutionCount > 0)
            {
                var symbol = detail.Series[0].Symbol;
                snapshot.Add($"/api/runs/{runId}/whatif?symbol={symbol}", () => WhatIfView.Of(reader, runId, WhatIfGrid.Default, symbol));
            }

            if (detail.RunType is "LIVE" or "PAPER")
            {
                var forward = run.Detail.Run;
                snapshot.Add("/api/runs/instance/" + detail.InstanceId, () => RunPaths.InstanceRuns(reader, detail.InstanceId));
                if (DriftInputs.DefaultBacktest(reader, forward) is { } backtest)
                {
                    snapshot.Add($"/api/runs/{runId}/drift", () => DriftView.Of(reader, forward, backtest, named: false));
                }
            }
        }

        return new TearsheetPage(snapshot, tearsheet, runs);
    }

    /// <summary>
    /// One study (#/study/&lt;id&gt;) judged by <paramref name="data"/>'s objective: its record and journal, its line over
    /// each input and its heatmaps over every ordered pair of <paramref name="heatmapInputs"/>. <paramref name="record"/>
    /// is <see cref="StudyView.Detail(IRecorderReader, StudyData, StudyInfo, string?, string?)"/> of <paramref name="data"/>.
    /// </summary>
    public static PageSnapshot Study(IRecorderReader reader, StudyData data, StudyRecord record, IReadOnlyList<string> heatmapInputs)
    {
        var id = data.Study.StudyId;
        var snapshot = new PageSnapshot("#/study/" + id);
        snapshot.Add("/api/studies/" + id, () => record);
        snapshot.Add($"/api/studies/{id}/journal", () => JournalRecord.Of(reader.Journal.Of(JournalSubject.Study(id))));
        string SurfacePath(string x, string? y) => $"/api/studies/{id}/surface?objective={record.Objective}&x={x}" + (y is null ? "" : "&y=" + y);

        // The record's own lines and heatmap are these surfaces, built from the same passes (StudyView.Detail): only
        // what it lacks is built here — the other heatmaps, and (to say why) a line no pass with an objective has.
        Surface SurfaceOf(string x, string? y) =>
            (y is null ? record.Lines.FirstOrDefault(l => l.X.Parameter == x)
                : record.Heatmap is { Y: { } hy } h && h.X.Parameter == x && hy.Parameter == y ? h : null)
            ?? StudyAnalysis.Surface(data.AnalysisPasses, x, y, data.Options);
        foreach (var x in record.Parameters)
        {
            snapshot.Add(SurfacePath(x, null), () => SurfaceOf(x, null));
        }

        foreach (var x in heatmapInputs)
        {
            foreach (var y in heatmapInputs.Where(y => y != x))
            {
                snapshot.Add(SurfacePath(x, y), () => SurfaceOf(x, y));
            }
        }

        return snapshot;
    }

    // A view that refuses (a run without entries to re-exit, runs in two currencies) is the server's 400/422: its words.
    // The record read, or default when the view refused.
    private T? Add<T>(string path, Func<T> read)
    {
        try
        {
            var record = read();
            paths[path] = record;
            return record;
        }
        catch (ArgumentException e)
        {
            errors[path] = e.Message;
            return default;
        }
    }
}
