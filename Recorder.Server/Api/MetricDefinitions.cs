using System.Text.RegularExpressions;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Server.Api;

/// <summary>
/// The definition of every run metric, read from docs/metrics.md itself (embedded), so the page's tooltips say what
/// the documentation says: rows of the form <c>| `key` | unit | definition | null when |</c>; with each the direction
/// Storage's <see cref="MetricCatalog"/> gives it (1 higher is better, -1 lower is better, 0 neither), which the page's ★ follows.
/// The buy-and-hold figures (<see cref="RunBenchmark"/>) take the paragraph of their section.
/// </summary>
internal static partial class MetricDefinitions
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
        var benchmark = new List<string>();
        var inBenchmark = false;
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#'))
            {
                inBenchmark = line.StartsWith(BenchmarkHeading, StringComparison.Ordinal);
                continue;
            }

            if (inBenchmark && line.Trim().Length > 0 && !line.StartsWith('|'))
            {
                benchmark.Add(line.Trim());
            }

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
                definitions[name] = new Definition($"{cells[3]} ({cells[2]}; null when: {cells[4]})", MetricCatalog.Direction(name));
            }
        }

        // The buy-and-hold benchmark is defined in prose, not in a table: its three figures take that paragraph, unless
        // a table row defines them.
        if (benchmark.Count > 0)
        {
            foreach (var key in new[] { RunBenchmark.ReturnKey, RunBenchmark.CorrelationKey, RunBenchmark.BetaKey })
            {
                definitions.TryAdd(key, new Definition(string.Join(' ', benchmark), MetricCatalog.Direction(key)));
            }
        }

        return definitions;
    }

    private const string BenchmarkHeading = "### Buy-and-hold benchmark";

    internal sealed record Definition(string Text, int Direction);

    [GeneratedRegex("`([a-z0-9_]+)`")]
    private static partial Regex Key();
}
