using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

/// <summary>GET /api/runs/{id}/drift on real Kestrel over the demo: the record `recorder drift --json` prints, and its errors.</summary>
[TestFixture]
public sealed class DriftApiTests
{
    private TempDatabase db = null!;
    private TestServer server = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        db = DemoFiles.Create();
        server = await TestServer.StartAsync(db.Path);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await server.DisposeAsync();
        db.Dispose();
    }

    private static async Task<JsonNode> Get(TestServer on, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await on.Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), path + ": " + text);
        if (expected != HttpStatusCode.OK)
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), path);
        }

        return JsonNode.Parse(text)!;
    }

    [TestCase("Fast 5/20")]
    [TestCase("Medium 10/30")]
    public async Task The_route_gives_the_document_the_command_prints(string instance)
    {
        var paper = Run(db.Path, instance, "PAPER");
        var api = await Get(server, $"/api/runs/{paper}/drift");
        var cli = Cli.Cli.Run(db.Folder, "drift", paper, "--json", "--db", db.Path);
        Assert.That(cli.ExitCode, Is.EqualTo(0), cli.ToString());
        Assert.That(JsonNode.DeepEquals(api, JsonNode.Parse(cli.Out)), Is.True, cli.Out);
        // Each instance's January–March backtest: Medium's April backtest covers its paper run's own month.
        var first = Db.Query<string>(db.Path, Sql("BACKTEST"), new { name = instance }).First();
        Assert.That((string)api["backtest_run"]!, Is.EqualTo(first), "the instance's latest backtest that ended before the paper run's first trade");
        Assert.That((bool)api["in_sample"]!, Is.False);
        Assert.That((string)api["backtest_chosen_by"]!, Is.EqualTo("latest"));
    }

    [Test]
    public async Task A_backtest_named_in_the_query_is_the_one_named_as_the_command_takes_it()
    {
        // Medium's April backtest (21 trades), over its paper run's own month: not the default.
        var paper = Run(db.Path, "Medium 10/30", "PAPER");
        var first = Run(db.Path, "Medium 10/30", "BACKTEST");
        var api = await Get(server, $"/api/runs/{paper}/drift?backtest={first}");
        var cli = Cli.Cli.Run(db.Folder, "drift", paper, first, "--json", "--db", db.Path);
        Assert.That(cli.ExitCode, Is.EqualTo(0), cli.ToString());
        Assert.That(JsonNode.DeepEquals(api, JsonNode.Parse(cli.Out)), Is.True, cli.Out);
        Assert.That(((string)api["backtest_run"]!, (string)api["backtest_chosen_by"]!), Is.EqualTo((first, "named")));
        Assert.That((int)api["backtest_trades"]!,
            Is.EqualTo(Db.Scalar<int>(db.Path, "SELECT count(*) FROM run_trades WHERE run_id = @first AND is_open = 0", new { first })));
    }

    [Test]
    public async Task An_unknown_run_or_backtest_is_404()
    {
        var problem = await Get(server, "/api/runs/no-such-run/drift", HttpStatusCode.NotFound);
        Assert.That((string)problem["detail"]!, Does.Contain("no-such-run"));
        var backtest = await Get(server, $"/api/runs/{Run(db.Path, "Fast 5/20", "PAPER")}/drift?backtest=no-such-backtest", HttpStatusCode.NotFound);
        Assert.That((string)backtest["detail"]!, Does.Contain("no backtest run 'no-such-backtest'"));
    }

    [Test]
    public async Task A_backtest_as_the_forward_run_and_a_paper_run_as_the_backtest_are_400()
    {
        var backwards = await Get(server, $"/api/runs/{Run(db.Path, "Fast 5/20", "BACKTEST")}/drift", HttpStatusCode.BadRequest);
        Assert.That((string)backwards["detail"]!, Does.Contain("is a BACKTEST run; drift compares a live or paper run"));

        var slowPaper = Run(db.Path, "Slow 20/60", "PAPER");
        var notBacktest = await Get(server, $"/api/runs/{Run(db.Path, "Fast 5/20", "PAPER")}/drift?backtest={slowPaper}", HttpStatusCode.BadRequest);
        Assert.That(((string)notBacktest["field"]!, (string)notBacktest["detail"]!), Is.EqualTo(("backtest", $"{slowPaper} is a PAPER run, not a backtest.")));
    }

    [Test]
    public async Task An_instance_without_a_backtest_is_409_with_a_hint_that_works_and_runs_in_two_currencies_are_422()
    {
        using var copy = DemoFiles.Create();
        var slow = Run(copy.Path, "Slow 20/60", "PAPER");
        var medium = Run(copy.Path, "Medium 10/30", "PAPER");
        var fastBacktest = Run(copy.Path, "Fast 5/20", "BACKTEST");
        using (var connection = new SqliteConnection($"Data Source={copy.Path};Pooling=False"))
        {
            connection.Execute("""
                UPDATE strategy_runs SET run_type = 'REPLAY' WHERE run_type = 'BACKTEST'
                AND instance_id = (SELECT instance_id FROM strategy_instances WHERE instance_name = 'Slow 20/60');
                UPDATE run_instruments SET currency = 'EUR' WHERE run_id = @fastBacktest;
                """, new { fastBacktest });
        }

        await using var other = await TestServer.StartAsync(copy.Path);
        var none = await Get(other, $"/api/runs/{slow}/drift", HttpStatusCode.Conflict);
        Assert.That((string)none["detail"]!, Does.Contain("has no ended backtest").And.Contain($"GET /api/runs/{slow}/drift?backtest=<backtest run id>"));

        // The hint as printed, with a backtest in the same currency: Medium's latest.
        var hinted = $"/api/runs/{slow}/drift?backtest={Run(copy.Path, "Medium 10/30", "BACKTEST")}";
        Assert.That((int)(await Get(other, hinted))["forward_trades"]!, Is.EqualTo(Db.Scalar<long>(copy.Path, "SELECT COUNT(*) FROM run_trades WHERE run_id = @slow AND is_open = 0", new { slow })));

        var currencies = await Get(other, $"/api/runs/{medium}/drift?backtest={fastBacktest}", HttpStatusCode.UnprocessableEntity);
        // Each run is named with its own currency, not "the two runs" as if both were mixed.
        Assert.That((string)currencies["detail"]!, Does.Contain($"forward run {medium}'s trades are in USD").And.Contain($"backtest {fastBacktest}'s in EUR"));
    }

    private static string Sql(string type) => $"""
        SELECT r.run_id FROM strategy_runs r JOIN strategy_instances i USING (instance_id)
        WHERE i.instance_name = @name AND r.run_type = '{type}' AND json_extract(r.fingerprint_json, '$.study') IS NULL
        ORDER BY r.start_utc, r.run_id
        """;

    /// <summary>The instance's latest run of the type, as the demo recorded it.</summary>
    private static string Run(string path, string instance, string type) => Db.Query<string>(path, Sql(type), new { name = instance }).Last();
}
