using System.Text.Json;
using System.Text.Json.Serialization;

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

    private static readonly JsonSerializerOptions Options =
        new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Whether the underwater chart is in percent (every run's initial balance known) or money.</summary>
    public static bool UnderwaterInPercent(ReportModel model) =>
        model.Runs.All(r => r.Equity.Count == 0 || r.Equity.All(e => e.DrawdownPct is not null));

    public static string Json(ReportModel model, SlotChart? histogram, SlotChart? scatter)
    {
        var calendar = model.Calendar;
        var percent = UnderwaterInPercent(model);
        Chart?[] charts =
        [
            TimeChart(Equity, calendar, "money", model.Runs, "line", r => r.Equity.Select(e => (e.TimeUtc, (double?)e.Equity)),
                r => r.Benchmark.Line.Select(p => (p.TimeUtc, (double?)p.Value))),
            TimeChart(Underwater, calendar, percent ? "pct" : "money", model.Runs, model.Runs.Count == 1 ? "underwater" : "line",
                r => r.Equity.Select(e => (e.TimeUtc, (double?)-(percent ? e.DrawdownPct ?? 0 : e.Drawdown)))),
            TimeChart(RollingSharpe, calendar, "ratio", model.Runs, "line",
                r => r.Insight.Rolling.Select(p => (Day(p.Day), p.Sharpe))),
            TimeChart(RollingVolatility, calendar, "pct", model.Runs, "line",
                r => r.Insight.Rolling.Select(p => (Day(p.Day), p.VolatilityPct))),
            Slots(Returns, "count", "histogram", histogram),
            Slots(Excursions, "money", "scatter", scatter),
        ];

        return JsonSerializer.Serialize(new { Charts = charts.OfType<Chart>() }, Options);
    }

    private static DateTime Day(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>A chart over time: one series per run, and after them each run's buy-and-hold line when asked for.</summary>
    private static Chart TimeChart(string id, bool calendar, string format, IReadOnlyList<ReportRun> runs, string kind,
        Func<ReportRun, IEnumerable<(DateTime Time, double? Value)>> points, Func<ReportRun, IEnumerable<(DateTime Time, double? Value)>>? benchmark = null) =>
        new(id, id == Underwater ? 0 : null, calendar ? "time" : "days", format, null, null,
            runs.Select(run => Series(run.Label, run.Color, kind, BySecond(run, calendar, points(run))))
                .Concat(runs.Where(r => benchmark is not null && r.BenchmarkLabel is not null)
                    .Select(run => Series(run.BenchmarkLabel!, run.Color, "benchmark", BySecond(run, calendar, benchmark!(run))))));

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

    private static Chart? Slots(string id, string format, string kind, SlotChart? chart) => chart is null ? null
        : new(id, null, "slots", format, chart.Slots, chart.Labels.Select(l => new object[] { l.At, l.Text }),
            chart.Series.Select(s => Series(s.Name, s.Color, kind, s.Points.Select(p => ((double)p.Slot, p.Value)))));

    private static ChartSeries Series(string name, string color, string kind, IEnumerable<(double X, double Y)> points) =>
        new(name, color, kind, points.Select(p => new[] { p.X, Math.Round(p.Y, 6) }));

    // Absent members ("ceiling", "slots", "labels") are left out, not written as null.
    private sealed record Chart(string Id, int? Ceiling, string Axis, string Format, int? Slots, IEnumerable<object[]>? Labels, IEnumerable<ChartSeries> Series);

    private sealed record ChartSeries(string Name, string Color, string Kind, IEnumerable<double[]> Points);
}
