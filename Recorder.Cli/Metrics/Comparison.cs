using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Cli.Metrics;

/// <summary>Metrics side by side: one column per subject, one row per metric, the best value of each row known.</summary>
internal sealed record Comparison(IReadOnlyList<Subject> Subjects, IReadOnlyList<ComparisonRow> Rows)
{
    public static Comparison Build(SqliteConnection connection, IReadOnlyList<Subject> subjects, bool allMetrics)
    {
        var columns = subjects.Select(s => s.IsInstance
                ? InstanceAggregate.Metrics(connection, s.RunIds)
                : MetricsReader.ForRun(connection, s.RunIds[0]).ToDictionary(m => m.Key, StringComparer.Ordinal))
            .ToList();
        var keys = allMetrics
            ? MetricCatalog.Sort(columns.SelectMany(c => c.Keys))
            : MetricCatalog.Headline.Where(k => columns.Any(c => c.ContainsKey(k)));
        if (subjects.Any(s => s.IsInstance))
        {
            keys = new[] { InstanceAggregate.RunsKey }.Concat(keys);
        }

        var rows = new List<ComparisonRow>();
        foreach (var key in keys)
        {
            var values = columns.Select(c => c.TryGetValue(key, out var m) ? m.Value : null).ToList();
            var unit = columns.Select(c => c.TryGetValue(key, out var m) ? m.Unit : null).FirstOrDefault(u => u is not null);
            rows.Add(new ComparisonRow(key, unit, values, MetricCatalog.Best(key, values)));
        }

        return new Comparison(subjects, rows);
    }
}
