using System.Globalization;
using QuantowerRecorder.Analytics.Study;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>
/// `recorder study` as text: the same record `--json` prints, laid out for reading. Prose wraps between words at the
/// terminal's width; a figure the study is too small for says what it lacks instead of a number.
/// </summary>
internal static class StudyText
{
    public static void Write(CliContext context, StudyRecord record, string objectiveSource, int top, bool wide)
    {
        var width = wide ? null : context.Layout(wide: false).Width;
        void Say(string text, string indent = "")
        {
            foreach (var line in Wrap.Indented(indent, text, width))
            {
                context.Line(line);
            }
        }

        var s = record.Study;
        var origin = s.Origin switch { "named" => "named by its author", "grouped" => "grouped by hand", _ => "inferred from the runs" };
        Say($"Study \"{s.Name}\" ({origin}) · {s.StrategyName ?? "?"} · {s.Symbol ?? "?"} {s.Timeframe ?? ""} · " +
            $"{Numbers.Time(s.PeriodStartUtc, 10)} → {Numbers.Time(s.PeriodEndUtc, 10)} · {s.DataSource ?? "?"} · {Numbers.Display(s.Passes, "count")} passes");
        Say($"Objective: {record.Objective} ({(record.HigherIsBetter ? "higher" : "lower")} is better; {objectiveSource}).");
        Passes(context, record, top, wide);
        context.Line();
        var best = record.Passes.FirstOrDefault(p => p.Best);
        var pick = record.Passes.FirstOrDefault(p => p.PlateauPick);
        Say(best is null ? "Best pass: none has the objective." : $"Best pass: {Short(best.RunId)} ({Inputs(best)}): {record.Objective} {Numbers.Display(best.Objective)}.");
        if (record.PlateauNotEnough is { } plateauShort)
        {
            Say($"Plateau pick: none, {plateauShort.Text}: a plateau score averages a pass with its {record.PlateauNeighbours - 1} nearest, " +
                "and means something only where that is not the whole study.");
        }
        else if (pick is not null)
        {
            var averaged = pick.PlateauPasses ?? record.PlateauNeighbours;
            Say($"Plateau pick: {Short(pick.RunId)} ({Inputs(pick)}): mean {record.Objective} {Numbers.Display(pick.PlateauScore)} over " +
                $"{averaged} passes (itself and its {averaged - 1} nearest), worst of them {Numbers.Display(pick.WorstNeighbour)}" +
                (best is not null && best.RunId != pick.RunId ? $" (the best pass scores {Numbers.Display(best.PlateauScore)}: a spike)." : "."));
            var valley = StudyPlateauRule.BetterScoreLeftOut(record);
            Say(char.ToUpperInvariant(StudyPlateauRule.Text(record.Objective)[0]) + StudyPlateauRule.Text(record.Objective)[1..] + (valley is null ? "." :
                $". Left out by it: {Short(valley.RunId)} ({Inputs(valley)}) scores {Numbers.Display(valley.PlateauScore)} but its own {record.Objective} is {Numbers.Display(valley.Objective)}."));
        }

        if (record.Importance.Count > 0)
        {
            context.Line("Parameter importance (share of the objective's variance; by chance alone):");
            foreach (var i in record.Importance.OrderByDescending(i => i.Share ?? -1))
            {
                Say(i.NotEnough is { } lack
                    ? $"{i.Parameter}: {lack.Text}: {i.Groups} values, one pass each"
                    : $"{i.Parameter}: {Numbers.Percent(i.Share)} ({Numbers.Percent(i.ExpectedByChance)})", "  ");
            }
        }

        if (record.Heatmap is { } map)
        {
            context.Line();
            Heatmap(context, record, map, wide, Say);
        }

        context.Line();
        Say(DeflatedSharpe(record));
        Say(Overfitting(record));
        Say(Returns(record));
        foreach (var link in record.Linked)
        {
            Say($"Linked: {link.RunType} run {Short(link.RunId)} ran the parameters of pass {Short(link.PassRunId)} (recorder reconcile {Short(link.RunId)}).");
        }

        foreach (var note in record.Notes)
        {
            Say("Note: " + note);
        }
    }

    private static string DeflatedSharpe(StudyRecord record)
    {
        var which = record.Objective == Analytics.MetricKeys.Sharpe ? "the best pass"
            : $"the best pass by {record.Objective} (the objective's best, not the Sharpe's)";
        if (record.DeflatedSharpe is not { } d)
        {
            return $"Deflated Sharpe of {which}: none (no pass has the objective).";
        }

        var value = d.Probability is { } p ? Numbers.Display(p) : d.NotEnough?.Text ?? "not computed, " + d.Reason;
        var on = d.Sharpe is { } sharpe
            ? $"; its sharpe {Numbers.Display(sharpe)} on {d.Observations?.ToString(CultureInfo.InvariantCulture) ?? "?"} daily returns " +
              $"(×√{d.PeriodsPerYear?.ToString(CultureInfo.InvariantCulture) ?? "?"})"
            : "";
        var against = d.Threshold is { } threshold
            ? $", threshold {Numbers.Display(threshold)} from the variance {Numbers.Display(d.SharpeVariance)} of the trials' Sharpe ratios"
            : "";
        return $"Deflated Sharpe of {which}: {value} — {Trials(d.Trials)}: {d.Population}{on}{against}.";
    }

    private static string Trials(int count) => count == 1 ? "1 trial" : $"{count.ToString(CultureInfo.InvariantCulture)} trials";

    private static string Overfitting(StudyRecord record)
    {
        if (record.Overfitting is not { } o)
        {
            return "PBO: not computed (no pass has returns).";
        }

        var blocks = o.BlockSize > 0
            ? $"{o.Partitions} blocks of {o.BlockSize} {Ly(o.Period)} returns" + (o.OldestLeftOut > 0 ? $" (the oldest {o.OldestLeftOut} of {o.Periods} left out)" : "")
            : $"{o.Periods} {Ly(o.Period)} returns for {o.Partitions} blocks";
        if (o.NotEnough is { } lack)
        {
            return $"PBO: {lack.Text} — {o.Passes} passes, {blocks}.";
        }

        return $"PBO: {Numbers.Display(o.Probability)} — {Numbers.Display(o.Splits, "count")} splits of {blocks}, {o.Passes} passes" +
            $"{(o.PeriodsDropped > 0 ? $" ({o.PeriodsDropped} periods dropped: not every pass had them)" : "")}; " +
            $"degradation slope {Numbers.Display(o.DegradationSlope)}; probability of loss {Numbers.Display(o.ProbabilityOfLoss)}.";
    }

    // PBO's returns and the Sharpe of the objective and the deflated Sharpe are different series: name both.
    private static string Returns(StudyRecord record)
    {
        var a = record.Annualisation;
        var calendar = record.ReturnsPeriod == "day" ? $"{a.DaysPerYear} days"
            : record.ReturnsPeriod == "hour" ? $"{a.DaysPerYear} days × {a.HoursPerDay} hours"
            : $"{a.DaysPerYear} days × {a.HoursPerDay} hours × 60";
        return $"Returns: PBO and its Sharpe ratios on the passes' {Ly(record.ReturnsPeriod)} returns, {Numbers.Display(a.PeriodsPerYear, "count")} a year " +
            $"({calendar}); each pass's sharpe and the deflated Sharpe on its own daily returns, {a.DaysPerYear} a year.";
    }

    private static void Passes(CliContext context, StudyRecord record, int top, bool wide)
    {
        var metrics = StudyLoader.ShownMetrics.Where(m => m != record.Objective).ToList();
        // Left out to fit, in this order (docs/cli.md): the metrics beside the objective (the last first), the plateau
        // score, then the inputs (the last first); the run, the objective and the marks always stay.
        var columns = new List<TextColumn> { new("#", true), new("Run") };
        var inputs = record.Parameters.Count;
        columns.AddRange(record.Parameters.Select((p, i) => new TextColumn(p, true, DropOrder: metrics.Count + 1 + inputs - i)));
        columns.Add(new TextColumn(record.Objective + " ▼", true));
        columns.AddRange(metrics.Select((m, i) => new TextColumn(m, true, DropOrder: metrics.Count - i)));
        columns.Add(new TextColumn("Plateau", true, DropOrder: metrics.Count + 1));
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

    private static void Heatmap(CliContext context, StudyRecord record, Surface map, bool wide, Action<string, string> say)
    {
        var yAxis = map.Y!;
        // A cell's mean is over the passes in it: when that is not one pass each, the count stands beside the mean.
        var counted = map.Cells.Any(c => c.Count > 1);
        say($"Heatmap: mean {record.Objective} per cell{(counted ? " (passes in the cell in brackets)" : "")}, {map.X.Parameter} across × {yAxis.Parameter} up " +
            $"({Method(map, counted)}; * the cell of the best pass, – no pass):", "");
        // The legend above names both inputs, so the corner holds the y input alone; columns of x bins are left out from
        // the right to fit (--wide shows them all).
        var columns = new List<TextColumn> { new(yAxis.Parameter, true) };
        columns.AddRange(map.X.Bins.Select((b, i) => new TextColumn(b.Label, true, DropOrder: map.X.Bins.Count - i)));
        var table = new TextTable([.. columns]);
        // The largest y on top, as the page and the report draw the surface: the same axis the same way up everywhere.
        for (var row = yAxis.Bins.Count - 1; row >= 0; row--)
        {
            var cells = new List<string> { yAxis.Bins[row].Label };
            cells.AddRange(map.Cells.Where(c => c.Y == row).OrderBy(c => c.X).Select(c => c.Count == 0 ? "–"
                : Numbers.Display(c.Mean) + (c.BestPassId == map.BestPassId && map.BestPassId is not null ? "*" : "")
                  + (counted ? $" ({c.Count.ToString(CultureInfo.InvariantCulture)})" : "")));
            table.Add([.. cells]);
        }

        context.Table(table, wide);
    }

    private static string Method(Surface map, bool counted) =>
        (map.X.Method == SurfaceMethod.DistinctValues && map.Y!.Method == SurfaceMethod.DistinctValues ? "one cell per value" : "equal-width bins")
        + (counted ? "" : ", one pass in each");

    private static string Inputs(StudyPassRecord pass) =>
        string.Join(", ", pass.Parameters.Select(kv => $"{kv.Key} {Numbers.Parameter(kv.Value)}"));

    private static string Ly(string period) => period == "day" ? "daily" : period + "ly";

    private static string Short(string runId) => ShortIds.Cut(runId, 8);
}
