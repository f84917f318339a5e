using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace QuantowerRecorder.Server.Api;

/// <summary>
/// /openapi.json (OpenAPI 3.0) written from the routes as mapped: each route's summary, query parameters and the
/// contract type it answers with, whose schema comes from the same serializer options that write the answers, so the
/// description cannot name a field the API does not send.
/// </summary>
internal static partial class OpenApiDocument
{
    public static string Build(IEnumerable<RouteEndpoint> endpoints, JsonSerializerOptions json)
    {
        var schemas = new OpenApiSchemas(json);
        var paths = new JsonObject();
        foreach (var endpoint in endpoints.Where(e => e.Metadata.GetMetadata<IEndpointSummaryMetadata>() is not null).OrderBy(e => e.RoutePattern.RawText, StringComparer.Ordinal))
        {
            var path = endpoint.RoutePattern.RawText!;
            var ingest = path.StartsWith("/api/ingest/", StringComparison.Ordinal);
            var parameters = new JsonArray();
            foreach (Match m in PathParameter().Matches(path))
            {
                parameters.Add(Parameter(m.Groups[1].Value, "path"));
            }

            foreach (var name in endpoint.Metadata.GetMetadata<QueryParameters>()?.Names ?? [])
            {
                parameters.Add(Parameter(name, "query"));
            }

            var responses = new JsonObject
            {
                ["400"] = new JsonObject { ["description"] = "invalid input: application/problem+json naming the field" },
                ["404"] = new JsonObject { ["description"] = "unknown id: application/problem+json" },
            };
            foreach (var produces in endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>().Where(p => p.Type is not null))
            {
                var content = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schemas.For(produces.Type!) } };
                responses[produces.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject { ["description"] = "OK", ["content"] = content };
            }

            var operation = new JsonObject { ["summary"] = endpoint.Metadata.GetMetadata<IEndpointSummaryMetadata>()!.Summary, ["parameters"] = parameters, ["responses"] = responses };
            if (endpoint.Metadata.GetMetadata<RequestBodyOf>() is { } body)
            {
                // The journal's writes (serve --write): the same token as ingest, a JSON body.
                operation["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() });
                responses["401"] = new JsonObject { ["description"] = "missing or wrong bearer token" };
                responses["413"] = new JsonObject { ["description"] = "body too large" };
                responses["415"] = new JsonObject { ["description"] = "not JSON" };
                operation["requestBody"] = new JsonObject
                {
                    ["required"] = true,
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schemas.For(body.Body) } },
                };
            }

            if (ingest)
            {
                operation["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() });
                responses["200"] = new JsonObject { ["description"] = "committed (?wait=true)", ["content"] = responses["202"]!["content"]!.DeepClone() };
                responses["401"] = new JsonObject { ["description"] = "missing or wrong bearer token" };
                responses["413"] = new JsonObject { ["description"] = "body or batch too large" };
                responses["415"] = new JsonObject { ["description"] = "not JSON" };
                operation["requestBody"] = new JsonObject
                {
                    ["required"] = true,
                    ["content"] = new JsonObject { [path.EndsWith("/batch", StringComparison.Ordinal) ? "application/x-ndjson" : "application/json"] = new JsonObject() },
                };
            }

            var item = paths[path] as JsonObject ?? new JsonObject();
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                item[method.ToLowerInvariant()] = operation.DeepClone();
            }

            paths[path] = item;
        }

        var document = new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject { ["title"] = "QuantowerRecorder", ["version"] = "1", ["description"] = "recorder serve: the read and ingest API of one recorder database (docs/http.md)." },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas.Components,
                ["securitySchemes"] = new JsonObject { ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer" } },
            },
        };
        return document.ToJsonString(json);
    }

    private static JsonObject Parameter(string name, string where) =>
        new() { ["name"] = name, ["in"] = where, ["required"] = where == "path", ["schema"] = new JsonObject { ["type"] = "string" } };

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex PathParameter();
}
