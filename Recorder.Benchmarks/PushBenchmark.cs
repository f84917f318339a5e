using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using QuantowerRecorder.Storage.PostgreSql;
using QuantowerRecorder.Storage.PostgreSql.Push;
using QuantowerRecorder.Storage.PostgreSql.Schema;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// `push` against its baseline in the same run and server: a raw binary COPY of the same source rows straight into
/// the same (empty, indexed) team tables, with no staging, merge or bookkeeping. The two take turns over rounds, each
/// in its own fresh schema, and the best round of each is compared (the machine is shared and noisy). Then a second
/// push after a few new events of one run: how many rows the incremental push sends.
/// </summary>
internal static class PushBenchmark
{
    public static int Run(string? connectionString, int runs, long eventsPerRun, int rounds, string? jsonPath, string? directory)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Console.Error.WriteLine("push needs a PostgreSQL server: --to <connection string> or RECORDER_TEAM_DB (a user that may create schemas).");
            return 2;
        }

        return BenchmarkOutput.InFolder(directory, "qr-push-bench-", dir =>
        {
            var file = Path.Combine(dir, "terminal.db");
            var synthetic = Enumerable.Range(0, runs)
                .Select(r => new SyntheticRun(QuantowerRecorder.Storage.Identity.Identities.NewRunId(TimeProvider.System), RunSource.Backtest, "Push bench " + (r % 4).ToString(CultureInfo.InvariantCulture)))
                .ToList();
            Record(file, synthetic, 0, eventsPerRun);

            var suffix = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            var schemas = new List<string>();
            var normalized = ConnectionStrings.Normalize(connectionString);
            try
            {
                FilePushResult? first = null;
                TeamPusher? pusher = null;
                var (pushSeconds, copySeconds, copyRows) = (double.MaxValue, double.MaxValue, 0L);
                for (var round = 0; round < Math.Max(1, rounds); round++)
                {
                    var push = InSchema(normalized, $"bench_push_{suffix}_{round}", schemas);
                    var copy = InSchema(normalized, $"bench_copy_{suffix}_{round}", schemas);
                    pusher?.Dispose();
                    pusher = TeamPusher.Connect(push);
                    pushSeconds = Math.Min(pushSeconds, BenchmarkOutput.Seconds(() => first = pusher.Push(file)));
                    var (rows, seconds) = RawCopy(copy, file, pusher.Tables);
                    (copyRows, copySeconds) = (rows, Math.Min(copySeconds, seconds));
                }

                using (pusher)
                {
                    // A terminal keeps recording one run; the next push sends that run's new events and the rows they wrote.
                    var added = Math.Max(1, eventsPerRun / 100);
                    Record(file, synthetic.Take(1).ToList(), eventsPerRun, added);
                    FilePushResult? second = null;
                    var incrementalSeconds = BenchmarkOutput.Seconds(() => second = pusher!.Push(file));
                    var third = pusher!.Push(file);

                    var pushRate = first!.RowsSent / pushSeconds;
                    var copyRate = copyRows / copySeconds;
                    return BenchmarkOutput.Report(new SortedDictionary<string, object>(StringComparer.Ordinal)
                    {
                        ["runs"] = runs,
                        ["events_per_run"] = eventsPerRun,
                        ["rounds"] = Math.Max(1, rounds),
                        ["push_rows"] = first.RowsSent,
                        ["push_seconds"] = Math.Round(pushSeconds, 3),
                        ["push_transactions"] = first.Chunks,
                        ["push_rows_per_s"] = Math.Round(pushRate),
                        ["copy_rows"] = copyRows,
                        ["copy_seconds"] = Math.Round(copySeconds, 3),
                        ["copy_rows_per_s"] = Math.Round(copyRate),
                        ["push_vs_copy"] = Math.Round(pushRate / copyRate, 3),
                        ["push_vs_copy_target"] = 0.5,
                        ["incremental_new_events"] = added,
                        ["incremental_rows"] = second!.RowsSent,
                        ["incremental_runs"] = second.Runs - second.Unchanged,
                        ["incremental_seconds"] = Math.Round(incrementalSeconds, 3),
                        ["third_push_rows"] = third.RowsSent,
                        ["conflicts"] = first.Conflicts.Count + second.Conflicts.Count,
                    }, jsonPath);
                }
            }
            finally
            {
                using var admin = new NpgsqlConnection(normalized);
                admin.Open();
                foreach (var schema in schemas)
                {
                    admin.Execute($"DROP SCHEMA IF EXISTS {schema} CASCADE");
                }
            }
        });
    }

    private static string InSchema(string connectionString, string schema, List<string> created)
    {
        created.Add(schema);
        using (var admin = new NpgsqlConnection(connectionString))
        {
            admin.Open();
            admin.Execute($"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}");
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ConnectionString;
    }

    /// <summary>Every row of every copied table, read from the file and COPYed into the empty team tables at once.</summary>
    private static (long Rows, double Seconds) RawCopy(string connectionString, string file, IReadOnlyList<TeamMergeSql> tables)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        TeamMigrator.Migrate(connection, TimeProvider.System);
        using var source = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        source.Open();
        var started = Stopwatch.GetTimestamp();
        long rows = 0;
        using var tx = connection.BeginTransaction();
        // Bars as the file stores them (schema 17): its markets with their ids (a fresh team schema has none; run_series
        // points at them), each bar once under its market, and the series' own values (series_bars, in the loop).
        rows += Copy(connection, source, "bar_markets", ("market_id", NpgsqlDbType.Bigint), ("symbol", NpgsqlDbType.Text), ("timeframe", NpgsqlDbType.Text),
            ("source", NpgsqlDbType.Text), ("volumetric", NpgsqlDbType.Bigint));
        rows += Copy(connection, source, "market_bars", ("market_id", NpgsqlDbType.Bigint), ("ts", NpgsqlDbType.Bigint),
            ("open", NpgsqlDbType.Double), ("high", NpgsqlDbType.Double), ("low", NpgsqlDbType.Double), ("close", NpgsqlDbType.Double),
            ("volume", NpgsqlDbType.Double), ("volumetric_json", NpgsqlDbType.Jsonb), ("forming_utc", NpgsqlDbType.Bigint));
        foreach (var table in tables)
        {
            using var importer = connection.BeginBinaryImport(table.CopyDirect);
            // Push reads a series' bars from v_series_bars; the floor copies the file's own values alone.
            var select = table.Table.Bars ? table.SelectAll.Replace("v_series_bars", "series_bars", StringComparison.Ordinal) : table.SelectAll;
            using var reader = source.ExecuteReader(select);
            rows += SourceRows.Write(importer, SourceRows.Each(reader), table, runId: null);
            importer.Complete();
        }

        tx.Commit();
        return (rows, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private static long Copy(NpgsqlConnection connection, SqliteConnection source, string table, params (string Name, NpgsqlDbType Type)[] columns)
    {
        var names = string.Join(", ", columns.Select(c => c.Name));
        using var importer = connection.BeginBinaryImport($"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)");
        using var select = source.CreateCommand();
        select.CommandText = $"SELECT {names} FROM {table}";
        using var reader = select.ExecuteReader();
        long rows = 0;
        while (reader.Read())
        {
            importer.StartRow();
            for (var i = 0; i < columns.Length; i++)
            {
                if (reader.IsDBNull(i))
                {
                    importer.WriteNull();
                }
                else if (columns[i].Type == NpgsqlDbType.Bigint)
                {
                    importer.Write(reader.GetInt64(i), NpgsqlDbType.Bigint);
                }
                else if (columns[i].Type == NpgsqlDbType.Double)
                {
                    importer.Write(reader.GetDouble(i), NpgsqlDbType.Double);
                }
                else
                {
                    importer.Write(reader.GetString(i), columns[i].Type);
                }
            }

            rows++;
        }

        importer.Complete();
        return rows;
    }

    private static void Record(string path, List<SyntheticRun> runs, long from, long count)
    {
        using var session = RecorderSession.Open(path);
        foreach (var run in runs)
        {
            if (from == 0)
            {
                run.RecordHeader(session);
            }

            for (var i = from; i < from + count; i++)
            {
                session.Record(run.Event(i));
            }
        }

        var closed = session.Close(TimeSpan.FromMinutes(10));
        if (!closed.Completed)
        {
            throw new InvalidOperationException($"recorder did not commit everything: {closed}");
        }
    }
}
