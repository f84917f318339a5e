using System.Globalization;
using QuantowerRecorder.Analytics.Study;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.Server.Contract;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder study` as text: the same record `--json` prints, laid out for reading.</summary>
internal static class StudyText
{
    public static void Write(CliContext context, StudyRecord record, string objectiveSource, int top, bool wide)
    {
        var s = record.Study;
        var origin = s.Origin switch { "named" => "named by its author", "grouped" => "grouped by hand", _ => "inferred from the runs" };
        context.Line($"Study \"{s.Name}\" ({origin}) · {s.StrategyName ?? "?"} · {s.Symbol ?? "?"} {s.Timeframe ?? ""} · " +
            $"{Numbers.Time(s.PeriodStartUtc, 10)} → {Numbers.Time(s.PeriodEndUtc, 10)} · {s.DataSource ?? "?"} · {Numbers.Display(s.Passes, "count")} passes");
        context.Line($"Objective: {record.Objective} ({(record.HigherIsBetter ? "higher" : "lower")} is better; {objectiveSource}).");
        Passes(context, record, top, wide);
        context.Line();
        var best = record.Passes.FirstOrDefault(p => p.Best);
        var pick = record.Passes.FirstOrDefault(p => p.PlateauPick);
        context.Line(best is null ? "Best pass: none has the objective." : $"Best pass: {Short(best.RunId)} ({Inputs(best)}): {record.Objective} {Numbers.Display(best.Objective)}.");
        if (pick is not null)
        {
            context.Line($"Plateau pick: {Short(pick.RunId)} ({Inputs(pick)}): mean {record.Objective} {Numbers.Display(pick.PlateauScore)} over its " +
                $"{record.PlateauNeighbours} nearest passes, worst of them {Numbers.Display(pick.WorstNeighbour)}" +
                (best is not null && best.RunId != pick.RunId ? $" (the best pass scores {Numbers.Display(best.PlateauScore)}: a spike)." : "."));
        }

        if (record.Importance.Count > 0)
        {
            context.Line("Parameter importance (share of the objective's variance; by chance alone):");
            foreach (var i in record.Importance.OrderByDescending(i => i.Share ?? -1))
            {
                context.Line($"  {i.Parameter}: {Numbers.Percent(i.Share)} ({Numbers.Percent(i.ExpectedByChance)})");
            }
        }

        if (record.Heatmap is { } map)
        {
            context.Line();
            Heatmap(context, record, map, wide);
        }

        context.Line();
        context.Line(record.DeflatedSharpe is { } d
            ? $"Deflated Sharpe of the best pass: {Numbers.Display(d.Probability)} (annualised Sharpe of its {Ly(record.ReturnsPeriod)} returns {Numbers.Display(d.Sharpe)} against {d.Trials} trials, variance of their Sharpe {Numbers.Display(d.SharpeVariance)}, threshold {Numbers.Display(d.Threshold)})."
            : "Deflated Sharpe of the best pass: not computed (see the notes).");
        context.Line(record.Overfitting is { } o
            ? $"PBO: {Numbers.Display(o.Probability)} — {Numbers.Display(o.Splits, "count")} splits of {o.Partitions} partitions of {o.Periods} {Ly(o.Period)} returns" +
              $"{(o.PeriodsDropped > 0 ? $" ({o.PeriodsDropped} dropped)" : "")}; degradation slope {Numbers.Display(o.DegradationSlope)}; probability of loss {Numbers.Display(o.ProbabilityOfLoss)}."
            : "PBO: not computed (see the notes).");
        foreach (var link in record.Linked)
        {
            context.Line($"Linked: {link.RunType} run {Short(link.RunId)} ran the parameters of pass {Short(link.PassRunId)} (recorder reconcile {Short(link.RunId)}).");
        }

        foreach (var note in record.Notes)
        {
            context.Line("Note: " + note);
        }
    }

    private static void Passes(CliContext context, StudyRecord record, int top, bool wide)
    {
        var metrics = StudyLoader.ShownMetrics.Where(m => m != record.Objective).ToList();
        var columns = new List<TextColumn> { new("#", true), new("Run") };
        columns.AddRange(record.Parameters.Select(p => new TextColumn(p, true)));
        columns.Add(new TextColumn(record.Objective + " ▼", true));
        columns.AddRange(metrics.Select((m, i) => new TextColumn(m, true, DropOrder: metrics.Count - i)));
        columns.Add(new TextColumn("Plateau", true));
        columns.Add(new TextColumn(""));
        var table = new TextTable([.. columns]);
        var shown = top > 0 ? record.Passes.Take(top).ToList() : record.Passes.ToList();
        for (var i = 0; i < shown.Count; i++)
        {
            var p = shown[i];
            var cells = new List<string> { (i + 1).ToString(CultureInfo.InvariantCulture), Short(p.RunId) };
            cells.AddRange(record.Parameters.Select(n => Numbers.Parameter(p.Parameters.GetValueOrDefault(n))));
            cells.Add(Numbers.Display(p.Objective));
            cells.AddRange(metrics.Select(m => Numbers.Display(p.Metrics.GetValueOrDefault(m))));
            cells.Add(Numbers.Display(p.PlateauScore));
            cells.Add(string.Join(' ', new[] { p.Best ? "best" : null, p.PlateauPick ? "pick" : null }.OfType<string>()));
            table.Add([.. cells]);
        }

        context.Table(table, wide);
        if (shown.Count < record.Passes.Count)
        {
            context.Line($"… {record.Passes.Count - shown.Count} more passes (--top 0 shows them all).");
        }
    }

    private static void Heatmap(CliContext context, StudyRecord record, Surface map, bool wide)
    {
        var yAxis = map.Y!;
        context.Line($"Heatmap: mean {record.Objective} per cell, {map.X.Parameter} across × {yAxis.Parameter} down " +
            $"({Method(map.X.Method)}; * the cell of the best pass, – no pass):");
        var columns = new List<TextColumn> { new(yAxis.Parameter + " \\ " + map.X.Parameter, true) };
        columns.AddRange(map.X.Bins.Select(b => new TextColumn(b.Label, true)));
        var table = new TextTable([.. columns]);
        for (var row = 0; row < yAxis.Bins.Count; row++)
        {
            var cells = new List<string> { yAxis.Bins[row].Label };
            cells.AddRange(map.Cells.Where(c => c.Y == row).OrderBy(c => c.X)
                .Select(c => c.Count == 0 ? "–" : Numbers.Display(c.Mean) + (c.BestPassId == map.BestPassId && map.BestPassId is not null ? "*" : "")));
            table.Add([.. cells]);
        }

        context.Table(table, wide);
    }

    private static string Method(SurfaceMethod method) =>
        method == SurfaceMethod.DistinctValues ? "one cell per value" : "equal-width bins, passes counted per cell";

    private static string Inputs(StudyPassRecord pass) =>
        string.Join(", ", pass.Parameters.Select(kv => $"{kv.Key} {Numbers.Parameter(kv.Value)}"));

    private static string Ly(string period) => period == "day" ? "daily" : period + "ly";

    private static string Short(string runId) => ShortIds.Cut(runId, 8);
}
