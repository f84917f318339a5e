using System.Data.Common;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Queries.Sql;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>
/// The figures a run's deflated Sharpe ratio takes from the runs it was chosen among (docs/metrics.md, "Trials"):
/// <c>deflated_sharpe</c>, <c>deflated_sharpe_threshold</c> and <c>deflated_sharpe_trials</c>, with their notes. They
/// are not part of a run's own analysis, which reads the run and nothing else: once runs are analysed, the figures of
/// every run whose trials include one of them are stored again from the stored moments, by the one computation a reader
/// of a stored run uses (<see cref="TrialPopulations.Of"/>). `recorder analyze` does it once its runs are analysed; the
/// writer once the analyses of runs that ended are stored and no other job waits (an optimisation's passes: once per
/// burst, not once per pass), and at its close. So every run's figures count every trial stored, whatever the order
/// the runs were analysed in, and a run's end costs the same in a file of a thousand runs as in an empty one.
/// </summary>
internal static class TrialFigures
{
    internal static readonly string[] Keys = [MetricKeys.DeflatedSharpe, MetricKeys.DeflatedSharpeThreshold, MetricKeys.DeflatedSharpeTrials];

    /// <summary>The units of <see cref="Keys"/>, in their order.</summary>
    internal static readonly string[] Units = [MetricUnits.Probability, MetricUnits.Ratio, MetricUnits.Count];

    // The notes the figures write, each begun by its key.
    private static readonly string[] NotePrefixes = [.. Keys.Select(k => k + ": ")];

    // What the job reads of a run's summary: the metrics its figures are computed from, and the figures as stored.
    private static readonly StoredSummary.AskedKeys Read = new([.. TrialPopulations.MetricsRead, .. Keys]);

    /// <summary>Runs per step when the writer stores the figures between its batches.</summary>
    private const int RunsPerStep = 100;

    /// <summary>A run's figures that differ from those it stores, with its summary as it must now read.</summary>
    internal sealed record Change(string RunId, double? Probability, double? Threshold, double? Trials, string Was, string MetricsJson);

    /// <summary>Stores, in one transaction, the figures of every run whose trials include one of <paramref name="runIds"/>.</summary>
    public static int Store(SqliteConnection connection, IReadOnlyCollection<string> runIds)
    {
        var changes = Changes(connection, runIds);
        WriteTransaction.Run(connection, () => Write(connection, changes));
        return changes.Count;
    }

    /// <summary>
    /// The writer's job: the changes computed off its thread from a read snapshot of <paramref name="path"/>, stored in
    /// steps between its batches. A run analysed again in between makes the figures due again.
    /// </summary>
    public static IEnumerable<Action<SqliteConnection>> FromSnapshot(ReadConnections readings, IReadOnlyCollection<string> runIds, CancellationToken cancel)
    {
        List<Change> changes;
        using (var lease = readings.Open())
        {
            var connection = lease.Connection;
            connection.Run("BEGIN;");
            changes = Changes(connection, runIds, cancel);
            connection.Run("COMMIT;");
        }

        cancel.ThrowIfCancellationRequested();
        return changes.Chunk(RunsPerStep).Select(slice => (Action<SqliteConnection>)(c => Write(c, slice))).ToList();
    }

    /// <summary>
    /// In the connection's snapshot: the runs whose trials include one of <paramref name="runIds"/> (their populations'
    /// runs), each whose whole-run analysis is stored, with figures that differ from those it stores. Reads the runs
    /// those populations are chosen among, by index, not the file.
    /// </summary>
    internal static List<Change> Changes(DbConnection connection, IReadOnlyCollection<string> runIds, CancellationToken cancel = default)
    {
        if (runIds.Count == 0)
        {
            return [];
        }

        var groups = new TrialPopulations.Groups(SqlStudyReader.ReadFactsAround(connection, runIds, cancel));
        // Each population once, however many of its runs are due (an optimisation's passes share one): the runs due times
        // the population, sorted, grew as the square of the passes.
        var populations = new HashSet<IReadOnlyList<StudyRunFacts>>(ReferenceEqualityComparer.Instance);
        foreach (var runId in runIds)
        {
            if (groups.Candidates(runId) is { } candidates)
            {
                populations.Add(candidates);
            }
        }

        var affected = new SortedSet<string>(populations.SelectMany(p => p).Select(f => f.RunId), StringComparer.Ordinal);
        var members = affected.ToDictionary(id => id, id => groups.Find(id)!, StringComparer.Ordinal);
        cancel.ThrowIfCancellationRequested();
        // The runs that are their parameter set's first share their population's members: each population's runs once,
        // not once per run of it (a thousand passes were a million run ids to set apart at every burst).
        var trialRuns = members.Values.Distinct(ReferenceEqualityComparer.Instance).Cast<TrialPopulations.Members>()
            .SelectMany(m => m.RunIds).Distinct(StringComparer.Ordinal);
        var sharpes = TrialPopulations.Sharpes(connection, trialRuns, cancel);
        cancel.ThrowIfCancellationRequested();
        // The runs that are their parameter set's first share their population's trials: counted once.
        var counted = new Dictionary<TrialPopulations.Members, TrialPopulations.Counted>(ReferenceEqualityComparer.Instance);
        var changes = new List<Change>();
        foreach (var (runId, json) in Summaries(connection, affected))
        {
            cancel.ThrowIfCancellationRequested();
            var summary = StoredSummary.Of(json, Read);
            if (summary is null || !summary.WholeRun)
            {
                // A running run's analysis leaves out what needs the whole run; its end's stores them.
                continue;
            }

            var trials = members[runId];
            if (!counted.TryGetValue(trials, out var count))
            {
                counted[trials] = count = TrialPopulations.Count(trials, sharpes);
            }

            var now = TrialPopulations.Of(trials, count, summary.Metrics, runId);
            var why = now.NotEnough?.Text ?? now.Reason ?? "not computed";
            double? trialCount = now.Trials;
            var notes = summary.Notes.Where(n => !NotePrefixes.Any(k => n.StartsWith(k, StringComparison.Ordinal))).ToList();
            if (now.Probability is null)
            {
                notes.Add(MetricKeys.DeflatedSharpe + ": " + why);
            }

            if (now.Threshold is null)
            {
                notes.Add(MetricKeys.DeflatedSharpeThreshold + ": " + why);
            }

            notes.Add(MetricKeys.DeflatedSharpeTrials + ": " + now.Population);
            var values = new[] { now.Probability, now.Threshold, trialCount };
            if (Keys.Select((k, i) => (k, i)).All(x => summary.Metrics.TryGetValue(x.k, out var v) && v == values[x.i])
                && notes.SequenceEqual(summary.Notes, StringComparer.Ordinal))
            {
                continue;
            }

            changes.Add(new Change(runId, now.Probability, now.Threshold, trialCount, json, summary.With(Keys, values, Units, notes)));
        }

        return changes;
    }

    // Read as they are used, row by row: a job called off stops before it has read a thousand summaries.
    private static IEnumerable<(string RunId, string Json)> Summaries(DbConnection connection, IEnumerable<string> runIds) =>
        connection.Query<(string RunId, string Json)>("""
                SELECT r.run_id, r.metrics_json FROM json_each(@runs) j JOIN strategy_runs r ON r.run_id = j.value
                WHERE r.metrics_json IS NOT NULL
                """,
            new
            {
                runs = JsonSerializer.Serialize<IReadOnlyList<string>>(runIds.ToList(), StoreJson.Default.IReadOnlyListString),
            }, buffered: false);

    // Only over the summary the figures were computed from: a run analysed again since stores its own, and its analysis
    // makes the figures due again. Two statements, kept prepared on the writer's connection, for all the changes: after each pass of an optimisation
    // every run of its population may change, and Dapper's four commands a run were most of this job's time.
    private static void Write(SqliteConnection connection, IReadOnlyList<Change> changes)
    {
        using var summary = NamedStatement<SummaryColumn>.Kept(connection,
            "UPDATE strategy_runs SET metrics_json = $json WHERE run_id = $runId AND metrics_json = $was");
        using var metric = NamedStatement<AnalysisSteps.MetricColumn>.Kept(connection, """
            INSERT INTO run_metrics_kv(run_id, key, value, unit) VALUES ($runId, $key, $value, $unit)
            ON CONFLICT(run_id, key) DO UPDATE SET value = excluded.value
            """);
        foreach (var change in changes)
        {
            if (summary.Text(SummaryColumn.Json, change.MetricsJson).Text(SummaryColumn.RunId, change.RunId)
                    .Text(SummaryColumn.Was, change.Was).Run() == 0)
            {
                continue;
            }

            var values = new[] { change.Probability, change.Threshold, change.Trials };
            for (var i = 0; i < Keys.Length; i++)
            {
                metric.Text(AnalysisSteps.MetricColumn.RunId, change.RunId).Text(AnalysisSteps.MetricColumn.Key, Keys[i])
                    .Number(AnalysisSteps.MetricColumn.Value, values[i]).Text(AnalysisSteps.MetricColumn.Unit, Units[i]).Run();
            }
        }
    }

    private enum SummaryColumn
    {
        Json, RunId, Was,
    }
}
