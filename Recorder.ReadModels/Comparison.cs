using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// Metrics side by side: one column per subject, one row per metric, the best value of each row known. Amounts in
/// different currencies are never added or ranked: an instance whose runs mix currencies shows no money totals, and
/// money rows are not ranked across subjects of different currencies; <see cref="Notes"/> says so.
/// </summary>
public sealed record Comparison(IReadOnlyList<Subject> Subjects, IReadOnlyList<ComparisonRow> Rows)
{
    /// <summary>What the reader must know to read the table (currencies).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public static Comparison Build(IRecorderReader reader, IReadOnlyList<Subject> subjects, bool allMetrics)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(subjects);
        var currencies = subjects.Select(s => reader.Performance.Currencies(s.RunIds)).ToList();
        var metrics = subjects.Select(s => s.IsInstance ? reader.Performance.Aggregate(s.RunIds) : reader.Performance.Metrics(s.RunIds[0])).ToList();
        return Build(subjects, currencies, metrics, allMetrics);
    }

    /// <summary>The same, from each subject's currencies and metrics already read (in <paramref name="subjects"/>' order).</summary>
    public static Comparison Build(IReadOnlyList<Subject> subjects, IReadOnlyList<IReadOnlyList<string>> currencies,
        IReadOnlyList<IReadOnlyList<MetricValue>> metrics, bool allMetrics)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        ArgumentNullException.ThrowIfNull(currencies);
        ArgumentNullException.ThrowIfNull(metrics);
        var notes = new List<string>();
        var columns = metrics.Select(m => m.ToDictionary(v => v.Key, StringComparer.Ordinal)).ToList();
        for (var i = 0; i < subjects.Count; i++)
        {
            if (currencies[i].Count > 1)
            {
                notes.Add($"{subjects[i].Label} trades in {string.Join(", ", currencies[i])}: its money figures are not added together (shown as –).");
                foreach (var key in columns[i].Where(p => p.Value.Unit == MetricUnits.Money).Select(p => p.Key).ToList())
                {
                    columns[i][key] = columns[i][key] with { Value = null };
                }
            }
        }

        var distinct = currencies.SelectMany(c => c).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var rankMoney = distinct.Count <= 1;
        if (!rankMoney)
        {
            notes.Add($"The compared runs are in different currencies ({string.Join(", ", distinct)}): money rows are not ranked against each other.");
        }

        var keys = allMetrics
            ? MetricCatalog.Sort(columns.SelectMany(c => c.Keys))
            : MetricCatalog.Headline.Where(k => columns.Any(c => c.ContainsKey(k)));
        if (subjects.Any(s => s.IsInstance))
        {
            keys = new[] { MetricCatalog.RunsKey }.Concat(keys);
        }

        var rows = new List<ComparisonRow>();
        foreach (var key in keys)
        {
            var values = columns.Select(c => c.TryGetValue(key, out var m) ? m.Value : null).ToList();
            var unit = columns.Select(c => c.TryGetValue(key, out var m) ? m.Unit : null).FirstOrDefault(u => u is not null);
            // A count (wins, losses, a streak) is not better for being larger or smaller, a cost (fees) is lowest
            // for the run that traded least, and final equity is largest on the largest account: no ★, in the CLI or
            // the report.
            var best = (unit == MetricUnits.Money && !rankMoney) || unit == MetricUnits.Count || MetricMeaning.IsCost(key) || MetricMeaning.IsLevel(key)
                ? [] : MetricCatalog.Best(key, values);
            rows.Add(new ComparisonRow(key, unit, values, best));
        }

        return new Comparison(subjects, rows) { Notes = notes };
    }
}
