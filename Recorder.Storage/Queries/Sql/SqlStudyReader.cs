using Dapper;

namespace QuantowerRecorder.Storage.Queries.Sql;

/// <summary>Studies: the facts of every run in one read, grouped in code by <see cref="StudyGrouping"/>.</summary>
internal sealed class SqlStudyReader : IStudyReader
{
    private const string Facts = """
        SELECT r.run_id, r.instance_id, i.config_hash, i.parameters_json, r.run_type, r.status, r.start_utc, r.end_utc,
               r.created_utc, r.data_source, i.strategy_id, s.name AS strategy_name, i.symbol, i.symbols_json, i.timeframe,
               r.fingerprint_json, CASE WHEN a.run_id IS NULL THEN 0 ELSE 1 END AS assigned, a.study_id AS assigned_study_id,
               t.name AS assigned_name, t.objective AS assigned_objective
        FROM strategy_runs r
        JOIN strategy_instances i ON i.instance_id = r.instance_id
        LEFT JOIN strategies s ON s.strategy_id = i.strategy_id
        LEFT JOIN study_runs a ON a.run_id = r.run_id
        LEFT JOIN studies t ON t.study_id = a.study_id
        """;

    private readonly ReadConnection connection;

    // The facts of every run as the snapshot that read them holds them: a question asked in one snapshot that lists the
    // studies and deflates a pass's Sharpe ratio (its trials are grouped from the same facts) reads them once.
    private (long Snapshot, List<StudyRunFacts> Facts)? read;

    public SqlStudyReader(ReadConnection connection) => this.connection = connection;

    public IReadOnlyList<StudyInfo> List() => StudyGrouping.Group(connection.Read(FactsOfSnapshot));

    /// <remarks>
    /// In a file, the question about one run reads that run's possible trials alone, by index (<see cref="ReadFactsAround"/>,
    /// their Sharpe ratios by key), whatever else the file holds; the team store reads every run's facts.
    /// </remarks>
    public RunDeflatedSharpe? DeflatedSharpe(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return connection.Read(c => connection.Dialect.IsSqlite
            ? TrialPopulations.DeflatedSharpeAround(c, ReadFactsAround(c, [runId]), runId)
            : TrialPopulations.DeflatedSharpe(c, FactsOfSnapshot(c), runId));
    }

    public Analytics.TrialPopulation? Trials(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return connection.Read(c => TrialPopulations.ForAnalysis(c, FactsOfSnapshot(c), runId));
    }

    // Called inside a read transaction only: the connection's count of transactions names the one open, so facts read
    // in an earlier snapshot are never taken for this one's.
    private List<StudyRunFacts> FactsOfSnapshot(System.Data.Common.DbConnection c)
    {
        if (read is { } kept && kept.Snapshot == connection.Transactions)
        {
            return kept.Facts;
        }

        var facts = ReadFacts(c);
        read = (connection.Transactions, facts);
        return facts;
    }

    /// <summary>
    /// The facts of the runs that may share a study or trials with <paramref name="runIds"/> (a file's SQL): the runs of
    /// their strategies, the runs assigned to their studies and the runs their author named the same study — read by
    /// index, whatever else the file holds. A study groups runs of one strategy unless a user or an author grouped
    /// them (docs/studies.md), so these group as every run's facts would for the runs asked about.
    /// </summary>
    /// <remarks>Read row by row, <paramref name="cancel"/> checked at each: the trials' figures job called off stops here.</remarks>
    internal static List<StudyRunFacts> ReadFactsAround(System.Data.Common.DbConnection c, IEnumerable<string> runIds, CancellationToken cancel = default)
    {
        var facts = new List<StudyRunFacts>();
        foreach (var row in c.Query<StudyRunFacts>(FactsAround, new
                 {
                     runs = System.Text.Json.JsonSerializer.Serialize<IReadOnlyList<string>>(runIds.ToList(), Analysis.StoreJson.Default.IReadOnlyListString),
                 }, buffered: false))
        {
            cancel.ThrowIfCancellationRequested();
            facts.Add(row);
        }

        return facts;
    }

    /// <summary><see cref="ReadFactsAround"/>'s statement; <c>@runs</c> is a JSON array of run ids.</summary>
    internal const string FactsAround = Facts + """

        WHERE r.run_id IN (
          SELECT r2.run_id FROM strategy_instances i2 JOIN strategy_runs r2 ON r2.instance_id = i2.instance_id
          WHERE i2.strategy_id IN (SELECT i3.strategy_id FROM json_each(@runs) j
                                   JOIN strategy_runs r3 ON r3.run_id = j.value JOIN strategy_instances i3 ON i3.instance_id = r3.instance_id)
          UNION
          SELECT a2.run_id FROM study_runs a2
          WHERE a2.study_id IN (SELECT a3.study_id FROM json_each(@runs) j JOIN study_runs a3 ON a3.run_id = j.value)
          UNION
          SELECT r4.run_id FROM strategy_runs r4
          WHERE (CASE WHEN json_valid(r4.fingerprint_json) THEN json_extract(r4.fingerprint_json, '$.study') END)
                IN (SELECT CASE WHEN json_valid(r5.fingerprint_json) THEN json_extract(r5.fingerprint_json, '$.study') END
                    FROM json_each(@runs) j JOIN strategy_runs r5 ON r5.run_id = j.value))
        """;

    /// <summary>What every run recorded that decides its study, in one read (a file's and the team store's SQL alike).</summary>
    internal static List<StudyRunFacts> ReadFacts(System.Data.Common.DbConnection c) => c.Query<StudyRunFacts>(Facts).AsList();

    public IReadOnlyList<StudyInfo> Match(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var wanted = text.Trim();
        var studies = List();
        var exact = studies.Where(s => string.Equals(s.StudyId, wanted, StringComparison.OrdinalIgnoreCase)
            || string.Equals(s.Name, wanted, StringComparison.OrdinalIgnoreCase)).ToList();
        if (exact.Count > 0 || wanted.Length == 0)
        {
            return exact;
        }

        return studies.Where(s => s.StudyId.StartsWith(wanted, StringComparison.OrdinalIgnoreCase)
            || s.Name.Contains(wanted, StringComparison.OrdinalIgnoreCase)).ToList();
    }
}
