using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

[TestFixture]
public sealed class ReadApiTests
{
    private TempDatabase db = null!;
    private TestServer server = null!;
    private string runId = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        db = DemoFiles.Create();
        server = await TestServer.StartAsync(db.Path);
        runId = Db.Scalar<string>(db.Path, "SELECT run_id FROM strategy_runs WHERE run_type = 'BACKTEST' ORDER BY start_utc, run_id LIMIT 1");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await server.DisposeAsync();
        db.Dispose();
    }

    private async Task<JsonNode> Get(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await server.Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), path + ": " + text);
        return JsonNode.Parse(text)!;
    }

    [Test]
    public async Task The_designs_read_paths_answer_from_the_file()
    {
        var strategies = (await Get("/api/strategies/")).AsArray();
        Assert.That(strategies.Count, Is.EqualTo(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategies")));
        var strategyId = (string)strategies[0]!["strategy_id"]!;
        Assert.That((string)(await Get("/api/strategies/" + strategyId))["name"]!, Is.EqualTo("Demo MA Crossover"));
        var instances = (await Get($"/api/strategies/{strategyId}/instances")).AsArray();
        Assert.That(instances.Count, Is.EqualTo(28), "3 parameter sets and the 25 of the demo's optimisation");
        var instanceId = Db.Scalar<string>(db.Path, "SELECT instance_id FROM strategy_runs WHERE run_id = @runId", new { runId });
        var runsOfInstance = (await Get("/api/runs/instance/" + instanceId)).AsArray();
        Assert.That(runsOfInstance.Select(r => (string)r!["run_id"]!), Does.Contain(runId));
        Assert.That(runsOfInstance.Count, Is.EqualTo(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs WHERE instance_id = @instanceId", new { instanceId })));

        var run = await Get("/api/runs/" + runId);
        Assert.That((string)run["run_type"]!, Is.EqualTo("BACKTEST"));
        Assert.That(run["metrics"]!.AsArray().Count, Is.EqualTo(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_metrics_kv WHERE run_id = @runId", new { runId })));
        var netPnl = run["metrics"]!.AsArray().Single(m => (string)m!["key"]! == "net_pnl")!;
        Assert.That((double)netPnl["value"]!, Is.EqualTo(Db.Scalar<double>(db.Path, "SELECT value FROM run_metrics_kv WHERE run_id = @runId AND key = 'net_pnl'", new { runId })));

        var executions = (await Get("/api/executions/run/" + runId)).AsArray();
        Assert.That(executions.Count, Is.EqualTo(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM executions WHERE run_id = @runId", new { runId })));
        var symbol = (string)executions[0]!["symbol"]!;
        var bars = await Get($"/api/bars/?run_id={runId}&symbol={symbol}");
        Assert.That(bars["bars"]!.AsArray().Count, Is.EqualTo(Db.Scalar<long>(db.Path,
            "SELECT COUNT(*) FROM bars b JOIN run_series s ON s.series_id = b.series_id WHERE s.run_id = @runId AND s.symbol = @symbol", new { runId, symbol })));
    }

    [Test]
    public async Task What_the_page_needs_orders_trades_equity_oco_comparison_and_health()
    {
        Assert.That((await Get($"/api/runs/{runId}/orders")).AsArray().Count, Is.EqualTo(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM orders WHERE run_id = @runId", new { runId })));
        Assert.That((await Get($"/api/runs/{runId}/trades")).AsArray().Count, Is.EqualTo(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_trades WHERE run_id = @runId", new { runId })));
        Assert.That((await Get($"/api/runs/{runId}/equity")).AsArray().Count, Is.EqualTo(Db.Scalar<long>(db.Path, "SELECT SUM(1 + repeats) FROM run_equity WHERE run_id = @runId", new { runId })));
        var oco = (await Get($"/api/runs/{runId}/oco")).AsArray();
        Assert.That(oco.Count, Is.EqualTo(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM order_oco_groups WHERE run_id = @runId", new { runId })));
        var legs = oco.SelectMany(g => g!["legs"]!.AsArray()).ToList();
        Assert.That(legs.Count(l => (string?)l!["role"] == "SL"), Is.EqualTo(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM order_oco_links WHERE run_id = @runId AND oco_role = 'SL'", new { runId })));
        Assert.That(legs.Where(l => (string?)l!["role"] == "SL").Select(l => (double?)l!["stop_price"]), Is.Not.Empty.And.All.Not.Null,
            "stop-loss legs carry their level");
        Assert.That(oco.Count(g => g!["winning_role"] is not null), Is.GreaterThan(0));
        var comparison = (await Get("/api/compare/instances")).AsArray();
        Assert.That(comparison.Select(r => (string)r!["phase"]!).Distinct(), Is.EquivalentTo(new[] { "BACKTEST", "FORWARD" }));
        Assert.That(comparison, Has.Count.EqualTo(6 + 25), "three parameter sets, each with backtest and forward runs, and the 25 backtest-only passes");
        var first = comparison[0]!;
        var netPnl = first["metrics"]!.AsArray().Single(m => (string)m!["key"]! == "net_pnl")!;
        var ids = first["run_ids"]!.AsArray().Select(i => (string)i!).ToList();
        Assert.That((double)netPnl["value"]!, Is.EqualTo(ids.Sum(id => Db.Scalar<double>(db.Path, "SELECT value FROM run_metrics_kv WHERE run_id = @id AND key = 'net_pnl'", new { id }))).Within(1e-6));
        var health = await Get("/api/health");
        Assert.That((string)health["status"]!, Is.EqualTo("ok"));
        Assert.That((long)health["runs"]!, Is.EqualTo(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs")));
        var definitions = await Get("/api/metrics/definitions");
        Assert.That((string)definitions["sharpe"]!["text"]!, Does.Contain("std"));
        Assert.That((int)definitions["max_drawdown_pct"]!["direction"]!, Is.EqualTo(-1), "lower is better");
        Assert.That((int)definitions["net_pnl"]!["direction"]!, Is.EqualTo(1));
        Assert.That((string)definitions["profit_factor"]!["text"]!, Does.Contain("|Σ losing net PnL|"), "a pipe inside a cell stays in its cell");
    }

    [Test]
    public async Task Runs_are_filtered_sorted_and_paged()
    {
        var backtests = await Get("/api/runs/?type=backtest");
        Assert.That((long)backtests["total"]!, Is.EqualTo(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs WHERE run_type = 'BACKTEST'")));
        Assert.That(backtests["items"]!.AsArray().Select(r => (string)r!["run_type"]!), Is.Not.Empty.And.All.EqualTo("BACKTEST"));
        var byPnl = (await Get("/api/runs/?sort=net_pnl&order=desc"))["items"]!.AsArray().Select(r => (double)r!["net_pnl"]!).ToList();
        Assert.That(byPnl, Is.Ordered.Descending);
        Assert.That(byPnl, Has.Count.EqualTo(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs")));
        var page = await Get("/api/runs/?sort=start_utc&order=asc&limit=2&offset=2");
        Assert.That((long)page["total"]!, Is.EqualTo(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs")));
        var all = (await Get("/api/runs/?sort=start_utc&order=asc"))["items"]!.AsArray().Select(r => (string)r!["run_id"]!).ToList();
        Assert.That(page["items"]!.AsArray().Select(r => (string)r!["run_id"]!), Is.EqualTo(all.Skip(2).Take(2)));
        var late = await Get("/api/runs/?from=2026-03-01");
        // The runs started from March on: the paper runs and the backtest over their period.
        Assert.That(late["items"]!.AsArray().Select(r => (string)r!["run_id"]!),
            Is.EquivalentTo(Db.Query<string>(db.Path, "SELECT run_id FROM strategy_runs WHERE start_utc >= '2026-03-01'")));
        Assert.That(late["items"]!.AsArray().Select(r => (string)r!["start_utc"]!), Is.All.GreaterThanOrEqualTo("2026-03-01"));
    }

    [Test]
    public async Task Concurrent_reads_all_succeed()
    {
        var ids = Db.Query<string>(db.Path, "SELECT run_id FROM strategy_runs");
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).SelectMany(_ => ids).Select(id => server.Client.GetAsync("/api/runs/" + id)));
        Assert.That(responses.Select(r => (int)r.StatusCode), Is.All.EqualTo(200), server.Log);
    }

    [Test]
    public async Task A_request_for_another_host_name_is_refused_on_loopback()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/strategies/");
        request.Headers.Host = "attacker.example";
        var response = await server.Client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MisdirectedRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("Demo MA Crossover"));
    }

    [TestCase("/api/runs/no-such-run", "run_id")]
    [TestCase("/api/runs/no-such-run/trades", "run_id")]
    [TestCase("/api/runs/no-such-run/benchmark", "run_id")]
    [TestCase("/api/executions/run/no-such-run", "run_id")]
    [TestCase("/api/strategies/no-such-strategy", "strategy_id")]
    [TestCase("/api/runs/instance/no-such-instance", "instance_id")]
    [TestCase("/api/bars/?run_id=no-such-run", "run_id")]
    public async Task Unknown_ids_get_404_with_a_problem_naming_the_id(string path, string field)
    {
        var problem = await Get(path, HttpStatusCode.NotFound);
        Assert.That((string?)problem[field], Does.StartWith("no-such-"));
        Assert.That((string)problem["detail"]!, Is.Not.Empty);
    }

    [TestCase("/api/runs/?sort=1;DROP TABLE strategies", "sort")]
    [TestCase("/api/runs/?limit=0", "limit")]
    [TestCase("/api/runs/?limit=abc", "limit")]
    [TestCase("/api/runs/?offset=-1", "offset")]
    [TestCase("/api/runs/?from=yesterday", "from")]
    [TestCase("/api/bars/", "run_id")]
    public async Task Bad_query_parameters_get_400_naming_the_parameter(string path, string field)
    {
        var problem = await Get(path, HttpStatusCode.BadRequest);
        Assert.That((string)problem["field"]!, Is.EqualTo(field));
    }

    [Test]
    public async Task Read_endpoints_never_write()
    {
        var before = SHA256.HashData(File.ReadAllBytes(db.Path));
        foreach (var path in new[]
                 {
                     "/api/strategies/", "/api/runs/", "/api/runs/" + runId, $"/api/runs/{runId}/orders", $"/api/runs/{runId}/trades",
                     $"/api/runs/{runId}/equity", $"/api/runs/{runId}/oco", "/api/executions/run/" + runId, "/api/bars/?run_id=" + runId,
                     "/api/compare/instances", "/api/health", "/",
                 })
        {
            Assert.That((await server.Client.GetAsync(path)).StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        }

        Assert.That(SHA256.HashData(File.ReadAllBytes(db.Path)), Is.EqualTo(before));
        Assert.That(File.Exists(db.Path + "-wal") ? new FileInfo(db.Path + "-wal").Length : 0, Is.Zero, "nothing waits in the WAL either");
    }

    [Test]
    public async Task The_page_and_its_chart_library_are_served_from_the_assembly_with_a_strict_policy()
    {
        var page = await server.Client.GetAsync("/");
        Assert.That(page.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.That(csp, Does.Contain("default-src 'none'").And.Contain("connect-src 'self'"));
        var html = await page.Content.ReadAsStringAsync();
        Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://"), "no CDN, nothing from the network");
        var library = await server.Client.GetStringAsync("/assets/vendor/lightweight-charts/lightweight-charts.standalone.production.js");
        Assert.That(library, Does.Contain("Lightweight Charts"));
        Assert.That((await server.Client.GetAsync("/assets/../Recorder.Server.csproj")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(page.Headers.Contains("Access-Control-Allow-Origin"), Is.False, "no CORS");
        Assert.That(server.Log, Does.Contain("GET / 200"), "one line per request");
    }
}
