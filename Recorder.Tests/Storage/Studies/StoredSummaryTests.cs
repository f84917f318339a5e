using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Tests.Storage.Studies;

/// <summary>
/// The trials' figures job reads a run's stored summary from its text and writes it again with new figures and notes
/// (<see cref="StoredSummary"/>): what it reads and writes is what the serializer reads and writes, byte for byte, for
/// every shape a summary takes; a text it does not follow goes through the serializer.
/// </summary>
[TestFixture]
public sealed class StoredSummaryTests
{
    private static readonly StoredSummary.AskedKeys Read = new([.. TrialPopulations.MetricsRead, .. TrialFigures.Keys]);

    [Test]
    public void A_summary_read_from_its_text_and_written_with_new_figures_is_what_the_serializer_reads_and_writes([Range(0, 7)] int seed)
    {
        var random = new Random(seed);
        for (var n = 0; n < 60; n++)
        {
            var json = JsonSerializer.Serialize(Summary(random), StoreJson.Default.MetricsSummary);
            var read = StoredSummary.Read(json, Read);
            var parsed = StoredSummary.Parse(json)!;
            Assert.That(read, Is.Not.Null, json);
            Assert.That(read!.WholeRun, Is.EqualTo(parsed.WholeRun), json);
            Assert.That(read.Notes, Is.EqualTo(parsed.Notes), json);
            foreach (var key in Read.Names)
            {
                Assert.That(read.Metrics.TryGetValue(key, out var value), Is.EqualTo(parsed.Metrics.ContainsKey(key)), key + " in " + json);
                Assert.That(value, Is.EqualTo(parsed.Metrics.GetValueOrDefault(key)), key + " in " + json);
            }

            var figures = TrialFigures.Keys.Select(_ => Value(random)).ToList();
            var notes = NewNotes(random, parsed.Notes);
            Assert.That(read.With(TrialFigures.Keys, figures, TrialFigures.Units, notes),
                Is.EqualTo(parsed.With(TrialFigures.Keys, figures, TrialFigures.Units, notes)), json);
        }
    }

    [Test]
    public void A_text_not_as_the_serializer_writes_it_is_read_by_the_serializer()
    {
        var summary = new MetricsSummary("2026-11-30T10:00:00.000Z", null, true, 2,
            new Dictionary<string, double?> { [MetricKeys.Sharpe] = 1.5, ["net_profit"] = 10 },
            new Dictionary<string, string> { [MetricKeys.Sharpe] = MetricUnits.Ratio, ["net_profit"] = MetricUnits.Money }, ["a note"]);
        var json = JsonSerializer.Serialize(summary, StoreJson.Default.MetricsSummary);
        Assert.That(StoredSummary.Read(json, Read), Is.Not.Null, "the serializer's own text is read");

        var others = new Dictionary<string, string>
        {
            ["a property the summary has not"] = json.Replace("\"whole_run\"", "\"extra\":1,\"whole_run\"", StringComparison.Ordinal),
            ["a metric asked for twice"] = json.Replace("\"net_profit\":10", "\"sharpe\":2", StringComparison.Ordinal),
            ["metrics none of which are asked for"] = json.Replace("\"sharpe\":1.5,", string.Empty, StringComparison.Ordinal),
            ["a metric that is not a number"] = json.Replace("\"net_profit\":10", "\"net_profit\":\"10\"", StringComparison.Ordinal),
            ["a space after a colon"] = json.Replace("\"sharpe\":1.5", "\"sharpe\": 1.5", StringComparison.Ordinal),
            ["a space before a colon"] = json.Replace("\"sharpe\":1.5", "\"sharpe\" :1.5", StringComparison.Ordinal),
            ["a space after a comma"] = json.Replace(",\"net_profit\":10", ", \"net_profit\":10", StringComparison.Ordinal),
            ["a line after the last brace"] = json + "\n",
            ["indented"] = JsonSerializer.Serialize(summary, new JsonSerializerOptions(StoreJson.Default.Options) { WriteIndented = true }),
            ["an as-of that is null"] = json.Replace("\"whole_run\"", "\"as_of_utc\":null,\"whole_run\"", StringComparison.Ordinal),
        };
        foreach (var (why, text) in others)
        {
            Assert.That(text, Is.Not.EqualTo(json), why);
            Assert.That(StoredSummary.Read(text, Read), Is.Null, why);
        }

        var figures = new double?[] { 0.25, 0.5, 3 };
        foreach (var why in new[] { "a property the summary has not", "a space after a colon", "a space before a colon", "a space after a comma", "a line after the last brace", "indented", "an as-of that is null" })
        {
            Assert.That(StoredSummary.Of(others[why], Read)!.With(TrialFigures.Keys, figures, TrialFigures.Units, ["x"]),
                Is.EqualTo(StoredSummary.Parse(others[why])!.With(TrialFigures.Keys, figures, TrialFigures.Units, ["x"])), why + ": the serializer's text");
        }

        var fallback = StoredSummary.Of(others["metrics none of which are asked for"], Read)!;
        Assert.That(fallback.Metrics.Keys, Is.EquivalentTo(new[] { "net_profit" }), "every metric, as the serializer reads them");
        Assert.That(fallback.With(TrialFigures.Keys, figures, TrialFigures.Units, ["x"]),
            Is.EqualTo(StoredSummary.Parse(others["metrics none of which are asked for"])!.With(TrialFigures.Keys, figures, TrialFigures.Units, ["x"])));
        Assert.That(StoredSummary.Of("null", Read), Is.Null);
    }

    [Test]
    public void A_runs_deflated_sharpe_reads_of_its_own_metrics_only_those_the_figures_job_reads_from_the_text()
    {
        var runIds = Enumerable.Range(1, 12).Select(i => $"run{i:00}").ToList();
        var members = new TrialPopulations.Members("study", "s1", runIds);
        var counted = TrialPopulations.Count(members, runIds.Select((id, i) => (id, 0.1 * i)).ToDictionary(p => p.id, p => p.Item2));
        var metrics = new Dictionary<string, double?>
        {
            [MetricKeys.Sharpe] = 1.2, [MetricKeys.PeriodsPerYear] = 252, [MetricKeys.TradingDays] = 300, [MetricKeys.ValidationTrades] = 80,
            [MetricKeys.Skewness] = -0.3, [MetricKeys.Kurtosis] = 4.1, ["net_profit"] = 1000, [MetricKeys.DeflatedSharpe] = 0.9,
        };
        var recording = new Recording(metrics);

        var all = TrialPopulations.Of(members, counted, recording, "run03");
        var asked = TrialPopulations.Of(members, counted, metrics.Where(m => TrialPopulations.MetricsRead.Contains(m.Key))
            .ToDictionary(m => m.Key, m => m.Value), "run03");

        Assert.That(all.Probability, Is.Not.Null, "twelve trials and every moment: a ratio");
        Assert.That(recording.Asked, Is.SubsetOf(TrialPopulations.MetricsRead));
        Assert.That(asked, Is.EqualTo(all).Using<RunDeflatedSharpe>((a, b) =>
            a.Probability == b.Probability && a.Threshold == b.Threshold && a.Trials == b.Trials && a.Reason == b.Reason && a.Population == b.Population));
    }

    // A summary of any shape the analysis writes: the figures there or not, with units or not, notes of every kind, no metrics.
    private static MetricsSummary Summary(Random random)
    {
        var metrics = new Dictionary<string, double?>(StringComparer.Ordinal);
        var units = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in ((string[])["net_profit", .. Read.Names, "profit_factor", "max_drawdown"]).OrderBy(_ => random.Next()))
        {
            if (random.Next(4) == 0)
            {
                continue;
            }

            metrics[key] = Value(random);
            if (random.Next(3) > 0)
            {
                units[key] = random.Next(2) == 0 ? MetricUnits.Ratio : "money";
            }
        }

        if (random.Next(8) == 0)
        {
            // No metrics and no units at all: the figures are their first.
            metrics.Clear();
            units.Clear();
        }
        else if (metrics.Keys.All(k => !Read.Names.Contains(k)))
        {
            metrics[MetricKeys.Sharpe] = Value(random);
        }

        var notes = Enumerable.Range(0, random.Next(5)).Select(_ => Note(random)).ToList();
        return new MetricsSummary("2026-11-30T10:00:00.000Z", random.Next(2) == 0 ? null : "2026-11-30T09:59:59.123Z", random.Next(4) > 0,
            random.Next(5), metrics, units, notes);
    }

    // New notes as the job makes them: those of the figures' keys dropped, others kept, the figures' own added.
    private static List<string> NewNotes(Random random, IReadOnlyList<string> notes)
    {
        var kept = notes.Where(n => !TrialFigures.Keys.Any(k => n.StartsWith(k + ": ", StringComparison.Ordinal))).ToList();
        kept.AddRange(TrialFigures.Keys.Where(_ => random.Next(2) == 0).Select(k => k + ": " + Note(random)));
        return kept;
    }

    private static string Note(Random random) => random.Next(7) switch
    {
        0 => TrialFigures.Keys[random.Next(3)] + ": needs at least 2 trials",
        1 => "pnl: \"quoted\" <b> & 'apostrophe' + plus",
        2 => "point_value: ESZ6 — no point value recorded, µ≈1 €",
        3 => "a line\nand a tab\t and a backslash \\",
        4 => "emoji 📈 and \u0001 control",
        5 => string.Empty,
        _ => TrialFigures.Keys[random.Next(3)] + ": the passes of study \"Sweep 5/20\" (3 of 4 with a Sharpe ratio)",
    };

    private static double? Value(Random random) => random.Next(9) switch
    {
        0 => null,
        1 => 0,
        2 => -0.0,
        3 => 1e-300,
        4 => -123456789.125,
        5 => random.Next(1000),
        6 => 1.0 / 3,
        7 => double.MaxValue,
        _ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 9)),
    };

    // The metrics of a run, recording every key asked of them.
    private sealed class Recording(Dictionary<string, double?> inner) : IReadOnlyDictionary<string, double?>
    {
        public HashSet<string> Asked { get; } = [];

        public int Count => inner.Count;

        public IEnumerable<string> Keys => throw new AssertionException("the keys are not listed");

        public IEnumerable<double?> Values => throw new AssertionException("the values are not listed");

        public double? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

        public bool ContainsKey(string key) => TryGetValue(key, out _);

        public bool TryGetValue(string key, [MaybeNullWhen(false)] out double? value)
        {
            Asked.Add(key);
            return inner.TryGetValue(key, out value);
        }

        public IEnumerator<KeyValuePair<string, double?>> GetEnumerator() => throw new AssertionException("the metrics are not listed");

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
