using System.Text.Json;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Study;

namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// Reads a study's passes through the read API and shapes them as <see cref="StudyAnalysis"/> takes them
/// (docs/studies.md): inputs from the parameter set, the objective from the stored metrics, returns per period from
/// the equity curve.
/// </summary>
public static class StudyLoader
{
    /// <summary>The metrics shown beside every pass.</summary>
    public static readonly IReadOnlyList<string> ShownMetrics =
        [MetricKeys.Sharpe, MetricKeys.NetPnl, MetricKeys.ProfitFactor, MetricKeys.MaxDrawdown, MetricKeys.TradeCount];

    /// <summary>The objective when neither the caller, the user nor the author chose one.</summary>
    public const string DefaultObjective = MetricKeys.Sharpe;

    /// <summary>
    /// Loads <paramref name="study"/>; <paramref name="objective"/> (a metric key with a direction, docs/metrics.md)
    /// overrides the study's own. Without <paramref name="returns"/> the equity curves are not read (a listing needs
    /// only the objective), and the passes have no returns. Throws <see cref="ArgumentException"/> for a key that is not a metric with a direction.
    /// </summary>
    public static StudyData Load(IRecorderReader reader, StudyInfo study, string? objective = null, int partitions = 16, bool returns = true)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(study);
        var key = (objective ?? study.Objective ?? DefaultObjective).Trim().ToLowerInvariant();
        var direction = MetricCatalog.Direction(key);
        if (direction == 0)
        {
            throw new ArgumentException($"'{key}' is not a metric a study can be ranked by; use one of {string.Join(", ", Objectives())}.", nameof(objective));
        }

        var passes = new List<StudyPassData>();
        var curves = new List<IReadOnlyList<EquityRow>>();
        var calendars = new List<TradingCalendar>();
        foreach (var member in study.Passes)
        {
            var metrics = reader.Performance.Metrics(member.RunId).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
            if (metrics.GetValueOrDefault(MetricKeys.PeriodsPerYear) is { } days && metrics.GetValueOrDefault(MetricKeys.HoursPerDay) is { } hours)
            {
                calendars.Add(new TradingCalendar((int)Math.Round(days), (int)Math.Round(hours)));
            }

            var shown = ShownMetrics.Append(key).Distinct(StringComparer.Ordinal)
                .ToDictionary(k => k, k => metrics.GetValueOrDefault(k), StringComparer.Ordinal);
            passes.Add(new StudyPassData(member, Inputs(member.ParametersJson), metrics.GetValueOrDefault(key), shown));
            curves.Add(returns ? reader.Performance.Equity(member.RunId) : []);
        }

        var varying = Varying(passes);
        passes = passes.Select(p => p with { Parameters = varying.ToDictionary(n => n, n => p.Parameters.GetValueOrDefault(n, ParameterValue.Of("(missing)")), StringComparer.Ordinal) }).ToList();
        var (period, series) = StudyReturns.Of(curves, 2 * partitions);
        var notes = new List<string>();
        var calendar = Calendar(calendars, study.Passes.Count, notes);
        var options = new StudyOptions { HigherIsBetter = direction > 0, Partitions = partitions, PeriodsPerYear = StudyReturns.PerYear(period, calendar) };
        var analysis = passes.Select((p, i) => new StudyPass(p.Member.RunId, p.Parameters, p.Objective, series[i])).ToList();
        return new StudyData(study, key, direction > 0, period, series.Count == 0 ? 0 : series[0].Count, varying,
            passes.AsReadOnly(), analysis.AsReadOnly(), options, calendar, notes.AsReadOnly());
    }

    /// <summary>The metric keys a study can be ranked by: those with a direction, in display order.</summary>
    public static IReadOnlyList<string> Objectives() =>
        MetricCatalog.Sort(typeof(MetricKeys).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!))
            .Where(k => MetricCatalog.Direction(k) != 0).ToList();

    // The calendar the passes' analyses stored (docs/metrics.md, "Periods per year"): the one most of them have.
    private static TradingCalendar Calendar(List<TradingCalendar> calendars, int passes, List<string> notes)
    {
        var ranked = calendars.GroupBy(c => c).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key.DaysPerYear)
            .ThenByDescending(g => g.Key.HoursPerDay).ToList();
        if (ranked.Count == 0)
        {
            if (passes > 0)
            {
                notes.Add($"annualisation: no pass stores its instruments' calendar (analysed before periods_per_year was stored): " +
                    $"{TradingCalendar.Unknown.DaysPerYear} days of {TradingCalendar.Unknown.HoursPerDay} hours a year assumed; recorder analyze --all stores it");
            }

            return TradingCalendar.Unknown;
        }

        if (ranked.Count > 1 || calendars.Count < passes)
        {
            notes.Add($"annualisation: the passes' calendars differ or are not all stored; the one most of them have is used, " +
                $"{ranked[0].Key.DaysPerYear} days of {ranked[0].Key.HoursPerDay} hours a year");
        }

        return ranked[0].Key;
    }

    // The parameter set's inputs; numbers stay numbers, anything else is compared as its text.
    private static Dictionary<string, ParameterValue> Inputs(string? json) => Sql.JsonbText.Fields(json, v => v.ValueKind switch
    {
        JsonValueKind.Number => ParameterValue.Of(v.GetDouble()),
        JsonValueKind.String => ParameterValue.Of(v.GetString()!),
        _ => ParameterValue.Of(v.GetRawText()),
    });

    // Inputs every pass ran with the same value of (the symbol, the period) are the environment, not the study's inputs.
    private static List<string> Varying(List<StudyPassData> passes) =>
        passes.SelectMany(p => p.Parameters.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Where(n => passes.Select(p => p.Parameters.TryGetValue(n, out var v) ? v.ToString() : "\0missing")
                .Distinct(StringComparer.Ordinal).Skip(1).Any())
            .ToList();
}
