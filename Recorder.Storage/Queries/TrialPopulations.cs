using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// The one population of trials a run's deflated Sharpe ratio is deflated against (docs/metrics.md, "Trials"): the
/// passes of the study it belongs to over the same period, else the strategy's runs over the same data (symbols,
/// timeframe, period by day, data source); one trial per parameter set (the run itself for its own, else the set's
/// first run by id), each with its stored Sharpe ratio. Read the same way by a run's analysis and by whoever shows the
/// run later, on a file or the team store.
/// </summary>
internal static class TrialPopulations
{
    /// <summary>The other trials with their Sharpe ratios, for the run's analysis (its own Sharpe joins them there).</summary>
    public static TrialPopulation? ForAnalysis(DbConnection connection, List<StudyRunFacts> facts, string runId)
    {
        if (new Groups(facts).Find(runId) is not { } members)
        {
            return null;
        }

        var sharpes = Sharpes(connection);
        var others = members.RunIds.Where(id => id != runId && sharpes.ContainsKey(id)).Select(id => sharpes[id]).ToList();
        return new TrialPopulation(Describe(members, members.RunIds.Count(id => id != runId && !sharpes.ContainsKey(id))), others);
    }

    /// <summary>
    /// The run's deflated Sharpe ratio now, from its stored moments and its trials' stored Sharpe ratios; the trials are
    /// found among <paramref name="facts"/>, every run's, read in the connection's snapshot.
    /// </summary>
    public static RunDeflatedSharpe? DeflatedSharpe(DbConnection connection, List<StudyRunFacts> facts, string runId)
    {
        if (new Groups(facts).Find(runId) is not { } members)
        {
            return null;
        }

        var sharpes = Sharpes(connection);
        return Of(members, Count(members, sharpes), Metrics(connection, runId), runId);
    }

    /// <summary>
    /// <see cref="DeflatedSharpe"/> from the facts of the runs around the run (a file's <c>ReadFactsAround</c>), the trials'
    /// Sharpe ratios read by their keys (SQLite): the same figures, at the cost of the run's population, not the file's.
    /// </summary>
    public static RunDeflatedSharpe? DeflatedSharpeAround(DbConnection connection, List<StudyRunFacts> factsAround, string runId)
    {
        if (new Groups(factsAround).Find(runId) is not { } members)
        {
            return null;
        }

        return Of(members, Count(members, Sharpes(connection, members.RunIds)), Metrics(connection, runId), runId);
    }

    /// <summary>The trials among <paramref name="members"/> that have a Sharpe ratio, and those ratios' count and variance.</summary>
    internal static Counted Count(Members members, IReadOnlyDictionary<string, double> sharpes)
    {
        var counted = members.RunIds.Where(sharpes.ContainsKey).ToList();
        var trials = counted.Count > 0 ? SharpeTrials.FromSharpes(counted.Select(id => sharpes[id]).ToList()) : new SharpeTrials(0, 0);
        return new Counted(counted, counted.ToHashSet(StringComparer.Ordinal), trials, members.RunIds.Count - counted.Count);
    }

    /// <summary>Of a population's trials, those with a Sharpe ratio (<see cref="Count"/>).</summary>
    internal sealed record Counted(List<string> RunIds, HashSet<string> Set, SharpeTrials Trials, int WithoutSharpe);

    /// <summary>The run's own metrics <see cref="Of"/> reads (besides whether it has any).</summary>
    internal static readonly string[] MetricsRead =
        [MetricKeys.Sharpe, MetricKeys.PeriodsPerYear, MetricKeys.TradingDays, MetricKeys.ValidationTrades, MetricKeys.Skewness, MetricKeys.Kurtosis];

    /// <summary>
    /// The deflated Sharpe ratio of a run whose trials are <paramref name="members"/>, from the Sharpe ratios stored for
    /// them and the run's own stored metrics (none: the run has not been analysed): of those, <see cref="MetricsRead"/>.
    /// </summary>
    internal static RunDeflatedSharpe Of(Members members, Counted counted, IReadOnlyDictionary<string, double?> metrics, string runId)
    {
        // The run itself is not a trial "left out" for want of a Sharpe ratio: its own figures say why it has none.
        var population = Describe(members, counted.WithoutSharpe - (counted.Set.Contains(runId) ? 0 : 1));
        double? Metric(string key) => metrics.GetValueOrDefault(key);
        int? Whole(string key) => Metric(key) is { } v ? (int)Math.Round(v) : null;

        var trials = counted.Trials;
        var sharpe = Metric(MetricKeys.Sharpe);
        var perYear = Whole(MetricKeys.PeriodsPerYear);
        var observations = Whole(MetricKeys.TradingDays);
        var minimumTrades = AnalysisOptions.Default.MinTradesForValidation;
        NotEnough? notEnough = trials.Count < DeflatedSharpeRatio.MinimumTrials
            ? new NotEnough("trials", trials.Count, DeflatedSharpeRatio.MinimumTrials)
            : null;
        string? reason = null;
        (double Threshold, double? Probability)? deflated = null;
        if (sharpe is null)
        {
            reason = metrics.Count == 0 ? "the run has not been analysed" : "the run has no Sharpe ratio (too few daily observations, or no variation)";
        }
        else if (Whole(MetricKeys.ValidationTrades) is not { } trades || trades < Math.Max(2, minimumTrades))
        {
            reason = $"needs at least {Math.Max(2, minimumTrades)} closed trades";
        }
        else if (perYear is null || observations is null || Metric(MetricKeys.Skewness) is not { } skewness || Metric(MetricKeys.Kurtosis) is not { } kurtosis)
        {
            reason = "the run was analysed before the recorder stored what the ratio needs; recorder analyze " + runId + " stores it";
        }
        else if (notEnough is null)
        {
            deflated = DeflatedSharpeRatio.Of(new SharpeMoments(sharpe.Value, perYear.Value, observations.Value, skewness, kurtosis), trials);
            reason = deflated?.Probability is null ? "needs 3 daily observations with variation" : null;
        }

        return new RunDeflatedSharpe(runId, population, members.StudyId, counted.RunIds, trials.Count,
            trials.Count >= 2 ? trials.AnnualisedSharpeVariance : null, sharpe, perYear, observations,
            deflated?.Threshold, deflated?.Probability, notEnough, notEnough is null ? reason : null);
    }

    /// <summary>The stored metrics of a run, by key.</summary>
    internal static Dictionary<string, double?> Metrics(DbConnection connection, string runId) =>
        connection.Query<(string Key, double? Value)>("SELECT key, value FROM run_metrics_kv WHERE run_id = @run", new { run = runId })
            .ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);

    /// <summary>
    /// The trials of runs, found among the facts of the runs read: the studies are grouped once, for every run asked
    /// about (<see cref="StudyGrouping"/>).
    /// </summary>
    internal sealed class Groups
    {
        private readonly Dictionary<string, StudyRunFacts> byId;
        private readonly Dictionary<string, StudyInfo> studyOf = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<StudyRunFacts>> strategyRuns;
        private readonly Dictionary<string, Population> populations = new(StringComparer.Ordinal);

        public Groups(List<StudyRunFacts> facts)
        {
            byId = facts.ToDictionary(f => f.RunId, StringComparer.Ordinal);
            strategyRuns = facts.GroupBy(f => f.StrategyId ?? string.Empty, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            foreach (var study in StudyGrouping.Group(facts))
            {
                foreach (var pass in study.Passes)
                {
                    studyOf.TryAdd(pass.RunId, study);
                }
            }
        }

        /// <summary>
        /// Every run the trials of <paramref name="runId"/> are chosen among (a parameter set run more than once
        /// included with each of its runs): the runs whose figures its Sharpe ratio enters.
        /// </summary>
        public IReadOnlyList<StudyRunFacts>? Candidates(string runId) => PopulationOf(runId)?.Candidates;

        /// <summary>
        /// The trials of <paramref name="runId"/>: one run per parameter set among its candidates, the run itself for
        /// its own. The runs that are their set's first share one instance (a caller may count its trials once).
        /// </summary>
        public Members? Find(string runId)
        {
            if (PopulationOf(runId) is not { } population)
            {
                return null;
            }

            var self = byId[runId];
            if (population.First[self.InstanceId] == runId)
            {
                return population.Members;
            }

            // One trial per parameter set: a set run twice over the same data was tried once, by this run here.
            var runIds = population.First.Select(p => p.Key == self.InstanceId ? runId : p.Value).Order(StringComparer.Ordinal).ToList();
            return population.Members with { RunIds = runIds };
        }

        private Population? PopulationOf(string runId)
        {
            if (!byId.TryGetValue(runId, out var self))
            {
                return null;
            }

            var (start, end) = (StudyGrouping.Day(self.StartUtc), StudyGrouping.Day(self.EndUtc));
            var study = studyOf.GetValueOrDefault(runId);
            var data = study is null ? SameData(self) : null;
            var key = study is null ? "strategy\n" + self.StrategyId + "\n" + data : "study\n" + study.StudyId + "\n" + start + "\n" + end;
            if (populations.TryGetValue(key, out var known))
            {
                return known;
            }

            string kind;
            List<StudyRunFacts> candidates;
            if (study is not null)
            {
                kind = $"the passes of study \"{study.Name}\" over {start} → {end}";
                candidates = study.Passes.Where(p => StudyGrouping.Day(p.StartUtc) == start && StudyGrouping.Day(p.EndUtc) == end)
                    .Select(p => byId[p.RunId]).ToList();
            }
            else
            {
                kind = $"the strategy's runs over the same data ({string.Join(' ', new[] { self.Symbol, self.Timeframe }.Where(p => p is not null))} " +
                    $"{start} → {end}{(self.DataSource is null ? "" : ", " + self.DataSource)})";
                candidates = strategyRuns[self.StrategyId ?? string.Empty].Where(f => SameData(f) == data).ToList();
            }

            var first = candidates.GroupBy(f => f.InstanceId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(f => f.RunId).Min(StringComparer.Ordinal)!, StringComparer.Ordinal);
            var members = new Members(kind, study?.StudyId, first.Values.Order(StringComparer.Ordinal).ToList());
            return populations[key] = new Population(candidates, first, members);
        }

        private sealed record Population(List<StudyRunFacts> Candidates, Dictionary<string, string> First, Members Members);
    }

    internal sealed record Members(string Kind, string? StudyId, List<string> RunIds);

    private static string SameData(StudyRunFacts run) => string.Join('\n', run.SymbolsJson ?? run.Symbol, run.Timeframe,
        StudyGrouping.Day(run.StartUtc), StudyGrouping.Day(run.EndUtc), run.DataSource);

    private static string Describe(Members members, int withoutSharpe) => withoutSharpe == 0 ? members.Kind
        : string.Create(CultureInfo.InvariantCulture, $"{members.Kind}, one per parameter set; {withoutSharpe} without a Sharpe ratio left out");

    private static Dictionary<string, double> Sharpes(DbConnection connection) =>
        connection.Query<(string Run, double Value)>("SELECT run_id, value FROM run_metrics_kv WHERE key = @key AND value IS NOT NULL",
                new { key = MetricKeys.Sharpe })
            .ToDictionary(x => x.Run, x => x.Value, StringComparer.Ordinal);

    /// <summary>The stored Sharpe ratios of <paramref name="runIds"/> (those that have one), each read by its key.</summary>
    internal static Dictionary<string, double> Sharpes(DbConnection connection, IEnumerable<string> runIds, CancellationToken cancel = default)
    {
        var sharpes = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (run, value) in connection.Query<(string Run, double Value)>("""
                     SELECT m.run_id, m.value FROM json_each(@runs) j
                     JOIN run_metrics_kv m ON m.run_id = j.value AND m.key = @key
                     WHERE m.value IS NOT NULL
                     """,
                     new
                     {
                         runs = JsonSerializer.Serialize<IReadOnlyList<string>>(runIds.ToList(), Analysis.StoreJson.Default.IReadOnlyListString),
                         key = MetricKeys.Sharpe,
                     }, buffered: false))
        {
            cancel.ThrowIfCancellationRequested();
            sharpes.Add(run, value);
        }

        return sharpes;
    }
}
