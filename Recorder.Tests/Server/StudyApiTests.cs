using System.Net;
using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

/// <summary>/api/studies on real Kestrel over the demo: the same contract records `recorder studies` / `study --json` print.</summary>
[TestFixture]
public sealed class StudyApiTests
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

    private async Task<JsonNode> Get(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await server.Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), path + ": " + text);
        return JsonNode.Parse(text)!;
    }

    [Test]
    public async Task The_list_and_a_study_are_the_documents_the_command_prints()
    {
        var list = await Get("/api/studies/");
        var cli = Cli.Cli.Run(db.Folder, "studies", "--json", "--db", db.Path);
        Assert.That(JsonNode.DeepEquals(list, JsonNode.Parse(cli.Out)), Is.True, cli.Out);

        var id = (string)list.AsArray().Single(s => (string)s!["name"]! == "demo-sweep")!["study_id"]!;
        var study = await Get("/api/studies/" + id[..8]);
        var cliStudy = Cli.Cli.Run(db.Folder, "study", "demo-sweep", "--json", "--db", db.Path);
        Assert.That(JsonNode.DeepEquals(study, JsonNode.Parse(cliStudy.Out)), Is.True);
        Assert.That(study["passes"]!.AsArray(), Has.Count.EqualTo(25));
        Assert.That(study["lines"]!.AsArray().Select(l => (string)l!["x"]!["parameter"]!), Is.EqualTo(new[] { "Fast period", "Slow period" }));
        Assert.That((string)study["heatmap"]!["best_pass_id"]!, Is.EqualTo((string)study["passes"]![0]!["run_id"]!));
        Assert.That((double)study["overfitting"]!["probability"]!, Is.InRange(0.0, 1.0));
    }

    [Test]
    public async Task A_surface_over_one_input_is_a_line_and_over_two_a_grid_whose_cells_count_every_pass()
    {
        var line = await Get("/api/studies/demo-sweep/surface?x=Fast%20period");
        Assert.That(line["y"], Is.Null);
        Assert.That(line["cells"]!.AsArray().Select(c => (int)c!["count"]!), Is.EqualTo(new[] { 5, 5, 5, 5, 5 }));
        Assert.That(line["x"]!["bins"]!.AsArray().Select(b => (string)b!["label"]!), Is.EqualTo(new[] { "3", "5", "8", "12", "16" }));

        var grid = await Get("/api/studies/demo-sweep/surface?x=Slow%20period&y=Fast%20period&objective=net_pnl");
        Assert.That(grid["cells"]!.AsArray().Sum(c => (int)c!["count"]!), Is.EqualTo(25));
        var best = Db.Scalar<string>(db.Path, "SELECT m.run_id FROM run_metrics_kv m JOIN strategy_runs r ON r.run_id = m.run_id " +
            "WHERE m.key = 'net_pnl' AND json_extract(r.fingerprint_json, '$.study') = 'demo-sweep' ORDER BY m.value DESC LIMIT 1");
        Assert.That((string)grid["best_pass_id"]!, Is.EqualTo(best));
    }

    [Test]
    public async Task Unknown_studies_inputs_and_objectives_get_a_problem_naming_them()
    {
        var missing = await Get("/api/studies/no-such-study", HttpStatusCode.NotFound);
        Assert.That((string)missing["detail"]!, Does.Contain("no-such-study"));
        var input = await Get("/api/studies/demo-sweep/surface?x=Luck", HttpStatusCode.BadRequest);
        Assert.That((string)input["field"]!, Is.EqualTo("x"));
        Assert.That((string)input["detail"]!, Does.Contain("Fast period"));
        var objective = await Get("/api/studies/demo-sweep?objective=luck", HttpStatusCode.BadRequest);
        Assert.That((string)objective["field"]!, Is.EqualTo("objective"));
    }

    [Test]
    public async Task The_openapi_document_describes_the_study_paths_with_their_records()
    {
        var document = await Get("/openapi.json");
        foreach (var path in new[] { "/api/studies/", "/api/studies/{id}", "/api/studies/{id}/surface" })
        {
            Assert.That(document["paths"]![path], Is.Not.Null, path);
        }

        Assert.That(document["components"]!["schemas"]!["StudyRecord"]!["properties"]!["overfitting"], Is.Not.Null);
    }
}
