using System.Text;
using System.Text.Json;

namespace QuantowerRecorder.Cli.Report;

/// <summary>
/// The charts' data as one JSON document the inline script draws with lightweight-charts: per chart its axis kind,
/// value format and one series per run (points as [x, y]; the equity chart adds each run's buy-and-hold line, kind
/// "benchmark"). Only what the model holds, converted to the chart's units.
/// </summary>
internal static class ChartData
{
    public const string Equity = "equity-chart";
    public const string Underwater = "underwater-chart";
    public const string RollingSharpe = "rolling-sharpe-chart";
    public const string RollingVolatility = "rolling-volatility-chart";
    public const string Returns = "returns-histogram";
    public const string Excursions = "mae-mfe-chart";

    /// <summary>Whether the underwater chart is in percent (every run's initial balance known) or money.</summary>
    public static bool UnderwaterInPercent(ReportModel model) =>
        model.Runs.All(r => r.Equity.Count == 0 || r.Equity.All(e => e.DrawdownPct is not null));

    public static string Json(ReportModel model, SlotChart? histogram, SlotChart? scatter)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            var calendar = model.Calendar;
            var percent = UnderwaterInPercent(model);
            w.WriteStartObject();
            w.WriteStartArray("charts");
            TimeChart(w, Equity, calendar, "money", model.Runs, "line", r => r.Equity.Select(e => (e.TimeUtc, (double?)e.Equity)),
                r => r.Benchmark.Line.Select(p => (p.TimeUtc, (double?)p.Value)));
            TimeChart(w, Underwater, calendar, percent ? "pct" : "money", model.Runs, model.Runs.Count == 1 ? "underwater" : "line",
                r => r.Equity.Select(e => (e.TimeUtc, (double?)-(percent ? e.DrawdownPct ?? 0 : e.Drawdown))));
            TimeChart(w, RollingSharpe, calendar, "ratio", model.Runs, "line",
                r => r.Insight.Rolling.Select(p => (Day(p.Day), p.Sharpe)));
            TimeChart(w, RollingVolatility, calendar, "pct", model.Runs, "line",
                r => r.Insight.Rolling.Select(p => (Day(p.Day), p.VolatilityPct)));
            Slots(w, Returns, "count", "histogram", histogram);
            Slots(w, Excursions, "money", "scatter", scatter);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        // Inside a <script> element: no "</" may appear (labels are user text).
        return Encoding.UTF8.GetString(stream.ToArray()).Replace("</", "<\\/", StringComparison.Ordinal);
    }

    private static DateTime Day(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>A chart over time: one series per run, and after them each run's buy-and-hold line when asked for.</summary>
    private static void TimeChart(Utf8JsonWriter w, string id, bool calendar, string format, IReadOnlyList<ReportRun> runs, string kind,
        Func<ReportRun, IEnumerable<(DateTime Time, double? Value)>> points, Func<ReportRun, IEnumerable<(DateTime Time, double? Value)>>? benchmark = null)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        if (id == Underwater)
        {
            w.WriteNumber("ceiling", 0);
        }

        w.WriteString("axis", calendar ? "time" : "days");
        w.WriteString("format", format);
        w.WriteStartArray("series");
        foreach (var run in runs)
        {
            Series(w, run.Label, run.Color, kind, BySecond(run, calendar, points(run)));
        }

        foreach (var run in runs.Where(r => benchmark is not null && r.BenchmarkLabel is not null))
        {
            Series(w, run.BenchmarkLabel!, run.Color, "benchmark", BySecond(run, calendar, benchmark!(run)));
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    // The library needs strictly increasing whole seconds: the last value of a second stands for it. Without the
    // calendar, seconds since the run's first equity point (its buy-and-hold line too).
    private static IEnumerable<(double X, double Y)> BySecond(ReportRun run, bool calendar, IEnumerable<(DateTime Time, double? Value)> points)
    {
        var origin = run.Equity.Count > 0 ? run.Equity[0].TimeUtc : DateTime.UnixEpoch;
        var bySecond = new SortedDictionary<long, double>();
        foreach (var (time, value) in points)
        {
            if (value is { } v && double.IsFinite(v))
            {
                bySecond[(long)Math.Floor(((calendar ? time - DateTime.UnixEpoch : time - origin).TotalSeconds))] = v;
            }
        }

        return bySecond.Select(p => ((double)p.Key, p.Value));
    }

    private static void Slots(Utf8JsonWriter w, string id, string format, string kind, SlotChart? chart)
    {
        if (chart is null)
        {
            return;
        }

        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("axis", "slots");
        w.WriteString("format", format);
        w.WriteNumber("slots", chart.Slots);
        w.WriteStartArray("labels");
        foreach (var (at, text) in chart.Labels)
        {
            w.WriteStartArray();
            w.WriteNumberValue(at);
            w.WriteStringValue(text);
            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteStartArray("series");
        foreach (var s in chart.Series)
        {
            Series(w, s.Name, s.Color, kind, s.Points.Select(p => ((double)p.Slot, p.Value)));
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Series(Utf8JsonWriter w, string name, string color, string kind, IEnumerable<(double X, double Y)> points)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("color", color);
        w.WriteString("kind", kind);
        w.WriteStartArray("points");
        foreach (var (x, y) in points)
        {
            w.WriteStartArray();
            w.WriteNumberValue(x);
            w.WriteNumberValue(Math.Round(y, 6));
            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
