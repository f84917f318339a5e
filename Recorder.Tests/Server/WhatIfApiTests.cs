using System.Net;
using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

/// <summary>GET /api/runs/{id}/whatif on real Kestrel over the demo: the record `recorder whatif --json` prints, and its errors.</summary>
[TestFixture]
public sealed class WhatIfApiTests
{
    private TempDatabase db = null!;
    private TestServer server = null!;
    private string runId = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        db = DemoFiles.Create();
        runId = DemoFiles.TraderRuns(db.Path, "BACKTEST")[1];
        server = await TestServer.StartAsync(db.Path);
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
    public async Task A_grid_is_the_document_the_command_prints_and_without_one_it_is_the_default_atr_grid()
    {
        var api = await Get($"/api/runs/{runId}/whatif?stops=0.5%25,1%25&targets=1%25,2%25,none&max_bars=48");
        var cli = Cli.Cli.Run(db.Folder, "whatif", runId, "--stops", "0.5%,1%", "--targets", "1%,2%,none", "--max-bars", "48", "--json", "--db", db.Path);
        Assert.That(cli.ExitCode, Is.EqualTo(0), cli.ToString());
        Assert.That(JsonNode.DeepEquals(api, JsonNode.Parse(cli.Out)), Is.True, cli.Out);
        Assert.That(api["cells"]!.AsArray().Select(c => (string?)c!["target"]), Is.EqualTo(new[] { "1%", "2%", null, "1%", "2%", null }));

        var fallback = await Get($"/api/runs/{runId}/whatif");
        Assert.That(fallback["stops"]!.AsArray().Select(s => (string)s!), Is.EqualTo(new[] { "0.5atr", "1atr", "1.5atr", "2atr", "3atr" }));
        Assert.That(fallback["targets"]!.AsArray().Select(s => (string)s!), Is.EqualTo(new[] { "1atr", "1.5atr", "2atr", "3atr", "4atr" }));
        Assert.That((int)fallback["atr_period"]!, Is.EqualTo(14));
    }

    [TestCase("stops=1x", "stops")]
    [TestCase("targets=1%25,,2%25", "targets")]
    [TestCase("stops=1%25&trail=-2pt", "trail")]
    [TestCase("stops=1%25&max_bars=0", "max_bars")]
    [TestCase("stops=1%25&symbol=NQ", "symbol")]
    public async Task A_bad_parameter_is_400_naming_it(string query, string parameter)
    {
        var problem = await Get($"/api/runs/{runId}/whatif?{query}", HttpStatusCode.BadRequest);
        Assert.That((string)problem["field"]!, Is.EqualTo(parameter), problem.ToJsonString());
    }

    [Test]
    public async Task An_unknown_run_is_404()
    {
        var problem = await Get("/api/runs/no-such-run/whatif", HttpStatusCode.NotFound);
        Assert.That((string)problem["detail"]!, Does.Contain("no-such-run"));
    }
}
