using System.Data.Common;
using System.Globalization;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Queries.Sql;

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
    public static TrialPopulation? ForAnalysis(DbConnection connection, string runId) =>
        ForAnalysis(connection, SqlStudyReader.ReadFacts(connection), runId);

    /// <summary>The same, from the facts of every run already read in the connection's snapshot.</summary>
    public static TrialPopulation? ForAnalysis(DbConnection connection, List<StudyRunFacts> facts, string runId)
    {
        if (Find(facts, runId) is not { } members)
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
        if (Find(facts, runId) is not { } members)
        {
            return null;
        }

        var sharpes = Sharpes(connection);
        var counted = members.RunIds.Where(sharpes.ContainsKey).ToList();
        var population = Describe(members, members.RunIds.Count(id => id != runId && !sharpes.ContainsKey(id)));
        var metrics = Rows.Query(connection, "SELECT key, value FROM run_metrics_kv WHERE run_id = @run",
                r => (Key: r.GetString(0), Value: r.Real(1)), ("@run", runId))
            .ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        double? Metric(string key) => metrics.GetValueOrDefault(key);
        int? Whole(string key) => Metric(key) is { } v ? (int)Math.Round(v) : null;

        var trials = counted.Count > 0 ? SharpeTrials.FromSharpes(counted.Select(id => sharpes[id]).ToList()) : new SharpeTrials(0, 0);
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

        return new RunDeflatedSharpe(runId, population, members.StudyId, counted, trials.Count,
            trials.Count >= 2 ? trials.AnnualisedSharpeVariance : null, sharpe, perYear, observations,
            deflated?.Threshold, deflated?.Probability, notEnough, notEnough is null ? reason : null);
    }

    private sealed record Members(string Kind, string? StudyId, List<string> RunIds);

    private static Members? Find(List<StudyRunFacts> facts, string runId)
    {
        if (facts.FirstOrDefault(f => f.RunId == runId) is not { } self)
        {
            return null;
        }

        var (start, end) = (StudyGrouping.Day(self.StartUtc), StudyGrouping.Day(self.EndUtc));
        var byId = facts.ToDictionary(f => f.RunId, StringComparer.Ordinal);
        var study = StudyGrouping.Group(facts).FirstOrDefault(s => s.Passes.Any(p => p.RunId == runId));
        List<StudyRunFacts> candidates;
        string kind;
        if (study is not null)
        {
            candidates = study.Passes.Where(p => StudyGrouping.Day(p.StartUtc) == start && StudyGrouping.Day(p.EndUtc) == end)
                .Select(p => byId[p.RunId]).ToList();
            kind = $"the passes of study \"{study.Name}\" over {start} → {end}";
        }
        else
        {
            var data = SameData(self);
            candidates = facts.Where(f => f.StrategyId == self.StrategyId && SameData(f) == data).ToList();
            kind = $"the strategy's runs over the same data ({string.Join(' ', new[] { self.Symbol, self.Timeframe }.Where(p => p is not null))} " +
                $"{start} → {end}{(self.DataSource is null ? "" : ", " + self.DataSource)})";
        }

        // One trial per parameter set: a set run twice over the same data was tried once.
        var runIds = candidates.GroupBy(f => f.InstanceId, StringComparer.Ordinal)
            .Select(g => g.Any(f => f.RunId == runId) ? runId : g.Select(f => f.RunId).Min(StringComparer.Ordinal)!)
            .Order(StringComparer.Ordinal).ToList();
        return new Members(kind, study?.StudyId, runIds);
    }

    private static string SameData(StudyRunFacts run) => string.Join('\n', run.SymbolsJson ?? run.Symbol, run.Timeframe,
        StudyGrouping.Day(run.StartUtc), StudyGrouping.Day(run.EndUtc), run.DataSource);

    private static string Describe(Members members, int withoutSharpe) => withoutSharpe == 0 ? members.Kind
        : string.Create(CultureInfo.InvariantCulture, $"{members.Kind}, one per parameter set; {withoutSharpe} without a Sharpe ratio left out");

    private static Dictionary<string, double> Sharpes(DbConnection connection) =>
        Rows.Query(connection, "SELECT run_id, value FROM run_metrics_kv WHERE key = @key AND value IS NOT NULL",
                r => (Run: r.GetString(0), Value: r.GetDouble(1)), ("@key", MetricKeys.Sharpe))
            .ToDictionary(x => x.Run, x => x.Value, StringComparer.Ordinal);
}
