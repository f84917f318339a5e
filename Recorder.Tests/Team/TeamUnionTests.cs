using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Storage.PostgreSql;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Server;
using QuantowerRecorder.Tests.Support;
using CliRunner = QuantowerRecorder.Tests.Cli.Cli;

namespace QuantowerRecorder.Tests.Team;

/// <summary>Files of several terminals read back as one; analysis on the team store; serve on the team store.</summary>
[Category("PostgreSQL")]
public sealed class TeamUnionTests
{
    [Test]
    public void Three_terminals_files_one_overlapping_another_read_back_from_the_team_store_as_their_union()
    {
        using var folder = new TempDatabase();
        var vps = folder.Sibling("vps/recorder.db");
        var laptop = folder.Sibling("laptop/recorder.db");
        var desktop = folder.Sibling("desktop/recorder.db");
        Directory.CreateDirectory(Path.GetDirectoryName(vps)!);
        Directory.CreateDirectory(Path.GetDirectoryName(laptop)!);
        TerminalFiles.Record(vps, runs: 3);
        TerminalFiles.Record(laptop, runs: 2, strategy: "Laptop strategy");
        // The desktop has the VPS's runs (a copy) and records one of its own after them: its file overlaps the VPS's.
        TerminalFiles.Copy(vps, desktop);
        TerminalFiles.Record(desktop, runs: 1, strategy: "Desktop strategy");
        using var team = PostgresServer.CreateDatabase();

        var push = CliRunner.Run(folder.Folder, "push", "--to", team.ConnectionString, vps, laptop, desktop);

        Assert.That(push.ExitCode, Is.EqualTo(0), push.ToString());
        using var pg = TeamStore.OpenRead(team.ConnectionString);
        var files = new[] { vps, laptop, desktop }.Select(RecorderStore.OpenRead).ToList();
        try
        {
            var union = files.SelectMany(f => f.Runs.Ids()).Distinct().ToList();
            Assert.That(union, Has.Count.EqualTo(6), "3 + 2 + (3 shared + 1)");
            var expectedOrder = files.SelectMany(f => f.Runs.List(new RunQuery()).Runs).DistinctBy(r => r.RunId)
                .OrderBy(r => r.StartUtc, StringComparer.Ordinal).ThenBy(r => r.RunId, StringComparer.Ordinal).Select(r => r.RunId).ToList();
            Assert.That(pg.Runs.Ids(), Is.EqualTo(expectedOrder));
            foreach (var id in union)
            {
                var file = files.First(f => f.Runs.Get(id) is not null);
                Assert.That(Json(pg.Runs.Detail(id)), Is.EqualTo(Json(file.Runs.Detail(id))), id);
                Assert.That(Json(pg.Trading.Executions(id)), Is.EqualTo(Json(file.Trading.Executions(id))), id);
                Assert.That(Json(pg.Trading.Trades(id)), Is.EqualTo(Json(file.Trading.Trades(id))), id);
            }

            var strategies = files.SelectMany(f => f.Catalog.Strategies()).Select(s => s.StrategyId).Distinct().Order(StringComparer.Ordinal);
            Assert.That(pg.Catalog.Strategies().Select(s => s.StrategyId).Order(StringComparer.Ordinal), Is.EqualTo(strategies));
            Assert.That(pg.Catalog.Strategies().Sum(s => s.Runs), Is.EqualTo(6), "each run counted once");
        }
        finally
        {
            files.ForEach(f => f.Dispose());
        }
    }

    [Test]
    public void Analyze_on_the_team_store_recreates_deleted_analysis_rows_equal_to_the_files()
    {
        using var demo = DemoFiles.Create();
        using var team = PostgresServer.CreateDatabase();
        Assert.That(CliRunner.Run(demo.Folder, "push", "--to", team.ConnectionString, demo.Path).ExitCode, Is.EqualTo(0));
        string runId;
        using (var reader = RecorderStore.OpenRead(demo.Path))
        {
            runId = reader.Runs.List(new RunQuery { Sort = RunSort.TradeCount, Descending = true }).Runs[0].RunId;
        }

        // The file's analysis of the run with every other run analysed (what the team store sees), by the SQLite path.
        Assert.That(CliRunner.Run(demo.Folder, "analyze", runId, "--db", demo.Path).ExitCode, Is.EqualTo(0));
        foreach (var table in new[] { "run_trades", "run_equity", "run_order_quality", "run_metrics_kv", "run_order_shortfall", "run_trade_context" })
        {
            team.Scalar($"WITH d AS (DELETE FROM {table} WHERE run_id = '{runId}' RETURNING 1) SELECT COUNT(*) FROM d");
            Assert.That(team.Scalar($"SELECT COUNT(*) FROM {table} WHERE run_id = '{runId}'"), Is.Zero);
        }

        var analyze = CliRunner.Run(demo.Folder, "analyze", "--db", team.ConnectionString, "--json");

        Assert.That(analyze.ExitCode, Is.EqualTo(0), analyze.ToString());
        Assert.That(JsonNode.Parse(analyze.Out)!.AsArray().Select(n => (string)n!["run_id"]!), Is.EqualTo(new[] { runId }), "only the run without metrics");
        foreach (var (table, order) in new[]
                 {
                     ("run_trades", "trade_no"), ("run_equity", "seq"), ("run_order_quality", "order_id"), ("run_metrics_kv", "key"),
                     ("run_order_shortfall", "order_id"), ("run_trade_context", "trade_no"),
                 })
        {
            var sql = $"SELECT * FROM {table} WHERE run_id = '{runId}' ORDER BY {order}";
            var fromFile = SqliteRows(demo.Path, sql);
            Assert.That(fromFile, Is.Not.Empty, table);
            Assert.That(PgRows(team, sql.Replace("ORDER BY key", "ORDER BY key COLLATE \"C\"", StringComparison.Ordinal).Replace("ORDER BY order_id", "ORDER BY order_id COLLATE \"C\"", StringComparison.Ordinal)), Is.EqualTo(fromFile), table);
        }
    }

    [Test]
    public async Task Serve_on_the_team_store_answers_the_runs_that_were_pushed()
    {
        using var demo = DemoFiles.Create();
        using var team = PostgresServer.CreateDatabase();
        Assert.That(CliRunner.Run(demo.Folder, "push", "--to", team.ConnectionString, demo.Path).ExitCode, Is.EqualTo(0));
        var shown = ConnectionStrings.Masked(team.ConnectionString);

        await using var server = await TestServer.StartAsync(shown, configure: o => o with { OpenReader = () => TeamStore.OpenRead(team.ConnectionString) });
        var response = await server.Client.GetAsync(new Uri("/api/runs/?sort=sharpe&order=desc", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        using var file = RecorderStore.OpenRead(demo.Path);
        var expected = file.Runs.List(new RunQuery { Sort = RunSort.Sharpe, Descending = true }).Runs.Select(r => r.RunId).ToList();
        var runs = JsonNode.Parse(body)!["items"]!.AsArray().Select(r => (string)r!["run_id"]!).ToList();
        Assert.That(runs, Is.EqualTo(expected).And.Count.GreaterThan(1));
        var health = JsonNode.Parse(await server.Client.GetStringAsync(new Uri("/api/health", UriKind.Relative)))!;
        Assert.That((string?)health["database"], Is.EqualTo(shown));
        Assert.That((long)health["runs"]!, Is.EqualTo(expected.Count));
    }

    [Test]
    public void Serve_with_ingest_refuses_the_team_database()
    {
        using var folder = new TempDatabase();
        var refused = CliRunner.Run(folder.Folder, "serve", "--ingest", "--port", "0", "--db", "Host=127.0.0.1;Database=team;Password=pa55-word");

        Assert.That(refused.ExitCode, Is.EqualTo(QuantowerRecorder.Cli.ExitCodes.Usage), refused.ToString());
        Assert.That(refused.Error, Does.Contain("PostgreSQL team database"));
        Assert.That(refused.Out + refused.Error, Does.Not.Contain("pa55-word"));
    }

    private static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value, ComparableJson.Options);

    private static List<string> SqliteRows(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        return Rows(reader);
    }

    private static List<string> PgRows(TeamDatabase team, string sql)
    {
        using var connection = team.Open();
        using var command = new Npgsql.NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        return Rows(reader);
    }

    /// <summary>Each row as "column=value" pairs by column name (the team tables add their own id), numbers exact.</summary>
    private static List<string> Rows(System.Data.Common.DbDataReader reader)
    {
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join(", ", Enumerable.Range(0, reader.FieldCount)
                .Where(i => reader.GetName(i) != "id")
                .OrderBy(reader.GetName, StringComparer.Ordinal)
                .Select(i => reader.GetName(i) + "=" + (reader.IsDBNull(i) ? "null" : reader.GetValue(i) switch
                {
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    long l => l.ToString(CultureInfo.InvariantCulture),
                    var v => Convert.ToString(v, CultureInfo.InvariantCulture),
                }))));
        }

        return rows;
    }
}
