using System.Text.RegularExpressions;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Page;

/// <summary>
/// The definition of every run metric, read from docs/metrics.md itself (embedded), so the page's tooltips say what
/// the documentation says: rows of the form <c>| `key` | unit | definition | null when |</c>; with each the direction
/// Storage's <see cref="MetricCatalog"/> gives it (1 higher is better, -1 lower is better, 0 neither), which the page's ★ follows.
/// </summary>
public static partial class MetricDefinitions
{
    private static readonly Lazy<IReadOnlyDictionary<string, Definition>> Loaded = new(Load);

    public static IReadOnlyDictionary<string, Definition> All => Loaded.Value;

    private static Dictionary<string, Definition> Load()
    {
        using var stream = typeof(MetricDefinitions).Assembly.GetManifestResourceStream("docs/metrics.md");
        var definitions = new Dictionary<string, Definition>(StringComparer.Ordinal);
        if (stream is null)
        {
            return definitions;
        }

        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            // "\|" is a pipe inside a cell (|Σ losing net PnL|), not a column break.
            var cells = line.Replace("\\|", "\u0001", StringComparison.Ordinal).Split('|')
                .Select(c => c.Trim().Replace('\u0001', '|')).ToArray();
            // "| `key` | unit | definition | null when |" splits into 6 cells, the first and last empty.
            if (cells.Length != 6 || !cells[1].StartsWith('`'))
            {
                continue;
            }

            foreach (Match key in Key().Matches(cells[1]))
            {
                var name = key.Groups[1].Value;
                definitions[name] = new Definition($"{cells[3]} ({cells[2]}; null when: {cells[4]})", MetricCatalog.Direction(name), MetricLabels.Of(name));
            }
        }

        return definitions;
    }

    /// <summary>The definition, which way is better, and the metric's name as a trader reads it (the page's label).</summary>
    public sealed record Definition(string Text, int Direction, string Label);

    [GeneratedRegex("`([a-z0-9_]+)`")]
    private static partial Regex Key();
}
