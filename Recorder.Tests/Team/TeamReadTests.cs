using System.Text.Json;
using Dapper;
using NUnit.Framework;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage.PostgreSql;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Queries.Sql;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;
using CliRunner = QuantowerRecorder.Tests.Cli.Cli;

namespace QuantowerRecorder.Tests.Team;

/// <summary>
/// Storage's read API answered from the team store: the demo file pushed into a real PostgreSQL gives the same answers
/// as the file, method by method, value by value.
/// </summary>
[Category("PostgreSQL")]
public sealed class TeamReadTests
{
    private TempDatabase demo = null!;
    private TeamDatabase team = null!;

    [OneTimeSetUp]
    public void PushTheDemo()
    {
        demo = DemoFiles.Create();
        team = PostgresServer.CreateDatabase();
        var push = CliRunner.Run(demo.Folder, "push", "--to", team.ConnectionString, demo.Path);
        Assert.That(push.ExitCode, Is.EqualTo(0), push.ToString());
    }

    [OneTimeTearDown]
    public void Drop()
    {
        team.Dispose();
        demo.Dispose();
    }

    [Test]
    public void Runs_catalog_and_ids_read_the_same_from_the_team_store_as_from_the_file()
    {
        using var file = RecorderStore.OpenRead(demo.Path);
        using var pg = TeamStore.OpenRead(team.ConnectionString);

        Assert.That(pg.Runs.Ids(), Is.EqualTo(file.Runs.Ids()).And.Count.GreaterThan(1));
        foreach (var sort in Enum.GetValues<RunSort>())
        {
            foreach (var descending in new[] { false, true })
            {
                var query = new RunQuery { Sort = sort, Descending = descending };
                AssertSame(pg.Runs.List(query), file.Runs.List(query), $"{sort} {(descending ? "desc" : "asc")}");
            }
        }

        foreach (var query in new[]
                 {
                     new RunQuery { Strategy = "DEMO" }, new RunQuery { Instance = "fast" }, new RunQuery { RunType = "backtest" },
                     new RunQuery { Status = "completed", Offset = 1 }, new RunQuery { Limit = 2, Offset = 1, Descending = true },
                     new RunQuery { SinceUtc = DateTime.Parse(file.Runs.List(new RunQuery()).Runs[1].StartUtc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal) },
                 })
        {
            AssertSame(pg.Runs.List(query), file.Runs.List(query), JsonSerializer.Serialize(query));
        }

        Assert.That(file.Runs.List(new RunQuery { Strategy = "DEMO" }).Total, Is.GreaterThan(0), "the filter matches ignoring case");
        foreach (var id in file.Runs.Ids())
        {
            AssertSame(pg.Runs.Get(id), file.Runs.Get(id), id);
            AssertSame(pg.Runs.Detail(id), file.Runs.Detail(id), id);
            AssertSame(pg.Runs.Resolve(id[..6]), file.Runs.Resolve(id[..6]), id);
            AssertSame(pg.Runs.Resolve(id[..12].ToUpperInvariant()), file.Runs.Resolve(id[..12].ToUpperInvariant()), id);
        }

        AssertSame(pg.Runs.Resolve("zzzz"), file.Runs.Resolve("zzzz"), "unknown");
        AssertSame(pg.Catalog.Strategies(), file.Catalog.Strategies(), "strategies");
        AssertSame(pg.Catalog.Instances(), file.Catalog.Instances(), "instances");
        AssertSame(pg.Catalog.Instances("demo"), file.Catalog.Instances("demo"), "instances of demo");
        foreach (var instance in file.Catalog.Instances())
        {
            AssertSame(pg.Catalog.Instance(instance.InstanceId), file.Catalog.Instance(instance.InstanceId), instance.InstanceId);
        }
    }

    [Test]
    public void Trading_market_data_performance_and_exports_read_the_same_from_the_team_store_as_from_the_file()
    {
        using var file = RecorderStore.OpenRead(demo.Path);
        using var pg = TeamStore.OpenRead(team.ConnectionString);
        var ids = file.Runs.Ids();

        foreach (var id in ids)
        {
            AssertSame(pg.Trading.Orders(id), file.Trading.Orders(id), id);
            AssertSame(pg.Trading.OcoGroups(id), file.Trading.OcoGroups(id), id);
            AssertSame(pg.Trading.Executions(id), file.Trading.Executions(id), id);
            AssertSame(pg.Trading.Trades(id), file.Trading.Trades(id), id);
            AssertSame(pg.MarketData.Series(id), file.MarketData.Series(id), id);
            foreach (var series in file.MarketData.Series(id))
            {
                AssertSame(pg.MarketData.Bars(id, series.Symbol, series.Timeframe), file.MarketData.Bars(id, series.Symbol, series.Timeframe), id);
                AssertSame(pg.MarketData.Bars(id, series.Symbol), file.MarketData.Bars(id, series.Symbol), id);
            }

            AssertSame(pg.Performance.Metrics(id), file.Performance.Metrics(id), id);
            AssertSame(pg.Performance.Notes(id), file.Performance.Notes(id), id);
            AssertSame(pg.Performance.Equity(id), file.Performance.Equity(id), id);
            AssertSame(pg.Performance.AnalysisInput(id), file.Performance.AnalysisInput(id), id);
            AssertSame(pg.Performance.AnalysisBars(id), file.Performance.AnalysisBars(id), id);
            Assert.That(file.Performance.AnalysisBars(id).Select(b => (b.Symbol, b.Bars.Count)),
                Is.EqualTo(file.Performance.AnalysisInput(id).Bars.Select(b => (b.Symbol, b.Bars.Count))), "the bars the analysis reads");
            AssertSame(RunBenchmark.Of(pg, id), RunBenchmark.Of(file, id), "buy-and-hold " + id);
            foreach (var kind in file.Exports.Kinds)
            {
                AssertSame(pg.Exports.Table(kind, id), file.Exports.Table(kind, id), kind + " " + id);
            }
        }

        Assert.That(ids.Sum(id => file.Trading.Executions(id).Count), Is.GreaterThan(0));
        Assert.That(ids.Sum(id => file.Trading.Trades(id).Count), Is.GreaterThan(0));
        AssertSame(pg.Performance.Currencies(ids), file.Performance.Currencies(ids), "currencies");
        AssertSame(pg.Performance.ClosedTradePnl(ids), file.Performance.ClosedTradePnl(ids), "pnl");
        AssertSame(pg.Performance.Aggregate(ids), file.Performance.Aggregate(ids), "aggregate");
        Assert.That(pg.Health.QuarantinedEvents(), Is.EqualTo(0));
        Assert.That(pg.Health.Schema().UserVersion, Is.EqualTo(RecorderStore.CurrentSchemaVersion), "the team schema mirrors this SQLite version");
        Assert.That(pg.Health.Check().Healthy, Is.True, string.Join("; ", pg.Health.Check().Checks));
    }

    [Test]
    public void A_read_call_on_the_team_store_runs_in_a_read_only_transaction()
    {
        var before = team.Scalar("SELECT COUNT(*) FROM run_metrics_kv");
        using var session = new QuantowerRecorder.Storage.Queries.Sql.ReadConnection(team.Open(), "team", ReadDialect.PostgreSql);

        var refused = Assert.Throws<Npgsql.PostgresException>(() =>
            session.Read(c => c.ExecuteScalar("DELETE FROM run_metrics_kv")))!;

        Assert.That(refused.SqlState, Is.EqualTo("25006"), "read_only_sql_transaction");
        Assert.That(team.Scalar("SELECT COUNT(*) FROM run_metrics_kv"), Is.EqualTo(before).And.GreaterThan(0));
        Assert.That(session.Read(c => c.ExecuteScalar("SELECT COUNT(*) FROM run_metrics_kv")), Is.EqualTo(before),
            "the failed call was rolled back and the session still reads");
    }

    [Test]
    public void A_team_database_without_the_schema_is_refused_with_the_next_step_and_no_password()
    {
        using var empty = PostgresServer.CreateDatabase(migrated: false);
        var withPassword = new Npgsql.NpgsqlConnectionStringBuilder(empty.ConnectionString) { Password = "s3cret-pw" }.ConnectionString;

        var refused = Assert.Throws<TeamStoreException>(() => TeamStore.OpenRead(withPassword).Dispose())!;

        Assert.That(refused.Message, Does.Contain("recorder push"));
        Assert.That(refused.Message, Does.Not.Contain("s3cret-pw"));
    }

    /// <summary>Records compared as JSON: every property's value, in order (a JSON column compared as JSON).</summary>
    [Test]
    public void A_question_asked_in_one_snapshot_is_one_read_transaction_on_the_team_store_too()
    {
        using var file = RecorderStore.OpenRead(demo.Path);
        using var pg = TeamStore.OpenRead(team.ConnectionString);
        foreach (var id in DemoFiles.TraderRuns(demo.Path))
        {
            var begun = ((SqlRecorderReader)pg).ReadTransactions;
            var typed = id[..13].ToUpperInvariant();
            var fromPg = pg.InSnapshot(r => RunDetailRecord.Of(r, r.Runs.Resolve(typed).RunId!));
            Assert.That(((SqlRecorderReader)pg).ReadTransactions - begun, Is.EqualTo(1), id);
            AssertSame(fromPg, RunDetailRecord.Of(file, id), id);
        }
    }

    private static void AssertSame<T>(T actual, T expected, string what) =>
        Assert.That(Canonical(actual), Is.EqualTo(Canonical(expected)), what);

    private static string Canonical<T>(T value) => JsonSerializer.Serialize(value, ComparableJson.Options);
}
