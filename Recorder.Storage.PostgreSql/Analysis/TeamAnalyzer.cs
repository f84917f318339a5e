using Dapper;
using Npgsql;
using NpgsqlTypes;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.PostgreSql.Push;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Storage.PostgreSql.Analysis;

/// <summary>
/// Analyses runs of the team store and stores the results there: the run is read through the read API
/// (<see cref="IPerformanceReader.AnalysisInput"/>), computed by Recorder.Analytics as a file's run is, and its derived
/// rows (<see cref="AnalysisRows"/>: the same values a file gets) replace the run's old ones in one transaction, under
/// the run's advisory lock so that a push of the same run waits.
/// </summary>
public sealed class TeamAnalyzer : IDisposable
{
    private readonly IRecorderReader reader;
    private readonly NpgsqlConnection writable;
    private readonly TimeProvider time;
    private readonly Dictionary<string, List<TeamColumn>> columns = new(StringComparer.Ordinal);

    private TeamAnalyzer(IRecorderReader reader, NpgsqlConnection writable, TimeProvider time)
    {
        this.reader = reader;
        this.writable = writable;
        this.time = time;
    }

    /// <summary>The read session the analyser reads runs through.</summary>
    public IRecorderReader Reader => reader;

    /// <summary>Connects to the team database (<see cref="TeamStore.OpenRead"/>'s checks and errors apply).</summary>
    public static TeamAnalyzer Open(string connectionString, TimeProvider? time = null)
    {
        var reader = TeamStore.OpenRead(connectionString);
        try
        {
            var connection = new NpgsqlConnection(ConnectionStrings.Normalize(connectionString));
            connection.Open();
            return new TeamAnalyzer(reader, connection, time ?? TimeProvider.System);
        }
        catch (NpgsqlException ex)
        {
            reader.Dispose();
            throw new TeamStoreException(ConnectionStrings.Scrub($"The team database {ConnectionStrings.Masked(connectionString)} cannot be written: {ex.Message}", connectionString), ex);
        }
    }

    /// <summary>The runs without stored metrics (never analysed, or their analysis deleted), oldest first.</summary>
    public IReadOnlyList<string> RunsWithoutAnalysis() =>
        reader.Runs.List(new RunQuery()).Runs.Where(r => r.NetPnl is null && r.TradeCount is null).Select(r => r.RunId).ToList();

    /// <summary>
    /// Of <paramref name="runIds"/>, those whose strategy has several parameter sets: their deflated Sharpe depends on
    /// the others' Sharpe, so they are analysed once more after the rest (as `recorder analyze` does for a file).
    /// </summary>
    public IReadOnlyList<string> RunsDependingOnOtherInstances(IEnumerable<string> runIds)
    {
        var several = reader.Catalog.Instances().GroupBy(i => i.StrategyId, StringComparer.Ordinal)
            .Where(g => g.Count() > 1).SelectMany(g => g).Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal);
        return runIds.Where(id => reader.Runs.Get(id) is { } run && several.Contains(run.InstanceId)).ToList();
    }

    /// <summary>Analyses one run and replaces its derived rows and metrics_json in the team database.</summary>
    public RunAnalysis Analyze(string runId, AnalysisOptions? options = null)
    {
        var input = reader.Performance.AnalysisInput(runId);
        options ??= AnalysisOptions.Default;
        if (options.Trials is null && options.Population is null && reader.Studies.Trials(runId) is { } population)
        {
            options = options with { Population = population };
        }

        var analysis = RunAnalyzer.Analyze(input, options);
        // The insight reads what the input leaves out (decision marks, volumetric bars, stop history) from the team store.
        Store(runId, AnalysisRows.Of(writable, ReadDialect.PostgreSql, runId, input, analysis, time.GetUtcNow()));
        return analysis;
    }

    public void Dispose()
    {
        writable.Dispose();
        reader.Dispose();
    }

    private void Store(string runId, AnalysisRowSet rows)
    {
        using var tx = writable.BeginTransaction();
        writable.Execute("SELECT pg_advisory_xact_lock(hashtext(@run))", new { run = runId });
        foreach (var table in AnalysisRows.Tables)
        {
            writable.Execute($"DELETE FROM {table} WHERE run_id = @run", new { run = runId });
        }

        foreach (var table in AnalysisRows.Tables)
        {
            Copy(table, rows.Tables[table]);
        }

        writable.Execute("UPDATE strategy_runs SET metrics_json = @json::jsonb WHERE run_id = @run", new { json = rows.MetricsJson, run = runId });
        tx.Commit();
    }

    private void Copy(string table, StoredTable rows)
    {
        if (rows.Rows.Count == 0)
        {
            return;
        }

        if (!columns.TryGetValue(table, out var catalog))
        {
            columns[table] = catalog = TeamColumn.Read(writable, table);
        }

        var typed = rows.Columns.Select(c => catalog.FirstOrDefault(t => t.Name == c)?.Type
            ?? throw new TeamStoreException($"The team database's {table} has no column {c}: its schema is older than this recorder's.")).ToList();
        using var import = writable.BeginBinaryImport($"COPY {table} ({string.Join(", ", rows.Columns)}) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows.Rows)
        {
            import.StartRow();
            for (var i = 0; i < row.Count; i++)
            {
                WriteValue(import, row[i], typed[i]);
            }
        }

        import.Complete();
    }

    private static void WriteValue(NpgsqlBinaryImporter import, object? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            import.WriteNull();
            return;
        }

        var c = System.Globalization.CultureInfo.InvariantCulture;
        switch (type)
        {
            case NpgsqlDbType.Bigint:
                import.Write(Convert.ToInt64(value, c), type);
                break;
            case NpgsqlDbType.Double:
                import.Write(Convert.ToDouble(value, c), type);
                break;
            default:
                import.Write(Convert.ToString(value, c)!, type);
                break;
        }
    }
}
