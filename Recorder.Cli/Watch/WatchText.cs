using System.Globalization;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Watch;

/// <summary>
/// The watch's screen as lines, each fitted between words to the width: the same lines printed once to a pipe and
/// redrawn on a terminal. A run is a block — status, type, age, what it recorded, trades and PnL as of the analysis,
/// the time a backtest has covered — and a study's ended passes are a table.
/// </summary>
internal static class WatchText
{
    public static IReadOnlyList<string> Lines(string file, WatchSnapshot? snapshot, string? problem, DateTimeOffset now, TableLayout layout, bool live)
    {
        var lines = new List<string>();
        void Add(string text) => lines.AddRange(Wrap.Prose(text, layout.Width));

        Add($"{Wrap.Keep(file)} at {now.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC" + (live ? ". q or Ctrl+C leaves." : "."));
        if (problem is not null)
        {
            Add($"The file cannot be read now: {problem} Still watching.");
        }

        if (snapshot is null)
        {
            return lines;
        }

        if (snapshot.File is { } health)
        {
            Add($"The file: {Size(health.FileBytes)}, its WAL {Size(health.WalBytes)}; " +
                (health.Quarantined == 0 ? "no event quarantined." : $"{Numbers.Display(health.Quarantined, "count")} event(s) quarantined with their reasons (table ingest_quarantine)."));
        }

        var running = snapshot.Runs.Count(r => r.Record.Status == "RUNNING");
        if (snapshot.Study is { } study)
        {
            Add($"Study {Wrap.Keep(study)}: {snapshot.Runs.Count} pass{(snapshot.Runs.Count == 1 ? "" : "es")} recorded so far, {running} running.");
        }
        else if (snapshot.NoneRunning)
        {
            Add(snapshot.Runs.Count == 0 ? "No runs in the file yet." : "No run is running; the newest run:");
        }

        foreach (var run in snapshot.Runs.Where(r => snapshot.Study is null || r.Record.Status == "RUNNING"))
        {
            lines.Add("");
            foreach (var line in Block(run, snapshot.IdLength, now))
            {
                Add(line);
            }
        }

        var ended = snapshot.Study is null ? [] : snapshot.Runs.Where(r => r.Record.Status != "RUNNING").ToList();
        if (ended.Count > 0)
        {
            lines.Add("");
            var table = new TextTable(
                new TextColumn("Run"), new TextColumn("Instance", Shrinks: true), new TextColumn("Status", DropOrder: 1),
                new TextColumn("Trades", true), new TextColumn("Net PnL", true));
            foreach (var pass in ended.Select(r => r.Record))
            {
                table.Add(ShortIds.Cut(pass.RunId, snapshot.IdLength), InstanceParameters.InstanceLabel(pass.InstanceName, pass.Parameters?.ToJsonString()),
                    pass.Status, Numbers.Display(pass.TradeCount, "count"), Numbers.Display(pass.NetPnl, "money"));
            }

            var (rows, hidden) = table.Render(layout);
            lines.AddRange(rows);
            if (hidden.Count > 0)
            {
                Add($"(To fit {layout.Width} columns: no {string.Join(", ", hidden)}.)");
            }
        }

        return lines;
    }

    private static IEnumerable<string> Block(WatchedRun watched, int idLength, DateTimeOffset now)
    {
        var run = watched.Record;
        var instance = InstanceParameters.InstanceLabel(run.InstanceName, run.Parameters?.ToJsonString());
        yield return $"{ShortIds.Cut(run.RunId, idLength)}  {run.StrategyName ?? "?"}: {Wrap.Keep(instance)}";
        yield return $"  {run.Status} {run.RunType}, {When(run, now)}";
        yield return $"  Recorded {Numbers.Display(run.OrderCount, "count")} orders, {Numbers.Display(run.ExecutionCount, "count")} fills, " +
                     $"{Numbers.Display(run.BarCount, "count")} bars; last fill {(watched.LastFillUtc is { } fill ? Wrap.Keep(Numbers.Time(fill, 19)) : "none yet")}.";
        yield return run.TradeCount is null
            ? "  Trades and PnL: not analysed yet."
            : $"  {Numbers.Display(run.TradeCount, "count")} trades, net PnL {Numbers.Display(run.NetPnl, "money")}{(run.Currency is { } c ? " " + c : "")}" +
              (run.AnalysisAsOfUtc is { Length: >= 19 } asOf ? $", as of {asOf[11..19]}." : ".");
        if (run.RunType == "BACKTEST" && watched.FirstBarUtc is { } first && watched.LastBarUtc is { } last)
        {
            yield return $"  Covered {Wrap.Keep(Numbers.Time(first))} → {Wrap.Keep(Numbers.Time(last))} ({Span(Parse(last) - Parse(first))}).";
        }

        if (Progress(run, now) is { } progress)
        {
            yield return "  " + progress;
        }

        if (watched.Drift is { } drift)
        {
            yield return "  Drift " + drift;
        }

        if (watched.Activity is { NewestUtc: { } newest } activity)
        {
            yield return $"  {Numbers.Display(activity.Events, "count")} event(s) in its last minute, the newest at {Wrap.Keep(Numbers.Time(newest, 19))}.";
        }
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.0} MiB"),
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };

    // What the run said of its progress (ReportProgress), in words: a share only where it named the whole.
    internal static string? Progress(RunRecord run, DateTimeOffset now)
    {
        if (run.Status != "RUNNING" || (run.ProgressProcessed == 0 && run.ProgressPercent is null))
        {
            return null;
        }

        var processed = Numbers.Display(run.ProgressProcessed, "count");
        if (run.ProgressPercent is not { } percent || run.ProgressTotal is not { } total)
        {
            return $"Progress: {processed} processed (the run named no whole).";
        }

        var left = run.TimeLeft(now) is { } estimate ? $", about {Span(estimate)} left" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"Progress: {percent:0.#}% ({processed} of {Numbers.Display(total, "count")}){left}.");
    }

    // A live or paper run's age is the wall clock since its start; a backtest's start is its data's, so it says when.
    private static string When(RunRecord run, DateTimeOffset now)
    {
        if (run.EndUtc is { } end)
        {
            return $"ran {Span(Parse(end) - Parse(run.StartUtc))}, ended {Wrap.Keep(Numbers.Time(end, 19))}";
        }

        return run.RunType == "BACKTEST"
            ? $"from {Wrap.Keep(Numbers.Time(run.StartUtc, 19))}"
            : $"age {Span(now.UtcDateTime - Parse(run.StartUtc))}";
    }

    private static string Span(TimeSpan span) => Wrap.Keep(Durations.Display(Math.Max(0, span.TotalMilliseconds), "ms"));

    private static DateTime Parse(string stored) =>
        DateTime.Parse(stored, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
