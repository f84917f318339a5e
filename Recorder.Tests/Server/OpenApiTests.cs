using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

[TestFixture]
public sealed class OpenApiTests
{
    [Test]
    public async Task Openapi_json_describes_every_mapped_route_and_only_those()
    {
        using var db = new TempDatabase();
        await using var server = await TestServer.StartAsync(db.Path, ingest: true);
        var document = JsonNode.Parse(await server.Client.GetStringAsync("/openapi.json"))!;
        Assert.That((string)document["openapi"]!, Does.StartWith("3."));
        var described = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(m => m.Key.ToUpperInvariant() + " " + p.Key))
            .ToHashSet();

        var mapped = server.Server.Endpoints
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api", StringComparison.Ordinal) || raw == "/openapi.json"))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => m + " " + e.RoutePattern.RawText))
            .ToHashSet();

        Assert.That(mapped, Has.Count.GreaterThan(25));
        Assert.That(mapped.Except(described), Is.Empty, "mapped but not described");
        Assert.That(described.Except(mapped), Is.Empty, "described but not mapped");
        foreach (var path in new[] { "/api/strategies/", "/api/strategies/{id}", "/api/strategies/{id}/instances", "/api/runs/instance/{instance_id}",
                     "/api/runs/{run_id}", "/api/executions/run/{run_id}", "/api/bars/", "/api/ingest/event/strategy_create", "/api/ingest/event/instance_create",
                     "/api/ingest/event/run_start", "/api/ingest/event/order", "/api/ingest/event/execution", "/api/ingest/event/bar" })
        {
            Assert.That(document["paths"]![path], Is.Not.Null, "the design's path " + path);
        }
    }

    [Test]
    public async Task The_runs_schema_names_exactly_the_fields_a_run_is_sent_with()
    {
        using var demo = Cli.DemoFiles.Create();
        await using var server = await TestServer.StartAsync(demo.Path);
        var document = JsonNode.Parse(await server.Client.GetStringAsync("/openapi.json"))!;
        var page = document["paths"]!["/api/runs/"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;
        var pageSchema = document["components"]!["schemas"]![((string)page["$ref"]!).Split('/')[^1]]!;
        var item = pageSchema["properties"]!["items"]!["items"]!;
        var described = document["components"]!["schemas"]![((string)item["$ref"]!).Split('/')[^1]]!["properties"]!.AsObject().Select(p => p.Key).ToList();

        var sent = JsonNode.Parse(await server.Client.GetStringAsync("/api/runs/"))!["items"]![0]!.AsObject().Select(p => p.Key).ToList();
        Assert.That(sent, Does.Contain("parameters").And.Contain("order_count").And.Contain("strategy_name"));
        Assert.That(described, Is.EqualTo(sent));
    }

    [Test]
    public async Task Without_ingest_the_description_has_no_ingest_path()
    {
        using var demo = Cli.DemoFiles.Create();
        await using var server = await TestServer.StartAsync(demo.Path);
        var document = JsonNode.Parse(await server.Client.GetStringAsync("/openapi.json"))!;
        Assert.That(document["paths"]!.AsObject().Select(p => p.Key), Has.None.Contains("/ingest/"));
        Assert.That(server.Server.Endpoints.Select(e => e.RoutePattern.RawText), Has.None.Contains("/ingest/"));
    }
}
