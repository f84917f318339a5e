using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace QuantowerRecorder.Server.Api;

/// <summary>/openapi.json (OpenAPI 3.0) written from <see cref="ApiCatalog"/>.</summary>
internal static partial class OpenApiDocument
{
    public static string Build(bool ingest)
    {
        var paths = new JsonObject();
        foreach (var route in ApiCatalog.All.Where(r => ingest || !r.Ingest))
        {
            var parameters = new JsonArray();
            foreach (Match m in PathParameter().Matches(route.Path))
            {
                parameters.Add(new JsonObject { ["name"] = m.Groups[1].Value, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
            }

            foreach (var name in route.Query ?? [])
            {
                parameters.Add(new JsonObject { ["name"] = name, ["in"] = "query", ["required"] = false, ["schema"] = new JsonObject { ["type"] = "string" } });
            }

            var responses = new JsonObject
            {
                [route.Method == "POST" ? "202" : "200"] = new JsonObject { ["description"] = route.Method == "POST" ? "queued" : "OK" },
                ["400"] = new JsonObject { ["description"] = "invalid input: application/problem+json naming the field" },
                ["404"] = new JsonObject { ["description"] = "unknown id: application/problem+json" },
            };
            var operation = new JsonObject { ["summary"] = route.Summary, ["parameters"] = parameters, ["responses"] = responses };
            if (route.Ingest)
            {
                operation["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() });
                responses["200"] = new JsonObject { ["description"] = "committed (?wait=true)" };
                responses["401"] = new JsonObject { ["description"] = "missing or wrong bearer token" };
                responses["413"] = new JsonObject { ["description"] = "body or batch too large" };
                responses["415"] = new JsonObject { ["description"] = "not JSON" };
                operation["requestBody"] = new JsonObject
                {
                    ["required"] = true,
                    ["content"] = new JsonObject { [route.Path.EndsWith("/batch", StringComparison.Ordinal) ? "application/x-ndjson" : "application/json"] = new JsonObject() },
                };
            }

            var item = paths[route.Path] as JsonObject ?? new JsonObject();
            item[route.Method.ToLowerInvariant()] = operation;
            paths[route.Path] = item;
        }

        var document = new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject { ["title"] = "QuantowerRecorder", ["version"] = "1", ["description"] = "recorder serve: the read and ingest API of one recorder database (docs/http.md)." },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject { ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer" } },
            },
        };
        return document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex PathParameter();
}
