using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Ingest;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

/// <summary>
/// Thousands of mutated bodies against a real server: single events, NDJSON and JSON-typed batches, cut, flipped,
/// retyped, with lone surrogates, invalid UTF-8, huge numbers, deep nesting, missing and duplicate fields.
/// </summary>
[TestFixture]
public sealed class IngestFuzzTests
{
    private static readonly string[] Replacements =
    [
        "\"\\ud800\"", "\"x\\udc00y\"", "1e999", "-1e999", "123456789012345678901234567890123456789", "\"lots\"", "true",
        "null", "[]", "{}", new string('[', 100) + new string(']', 100), "\"\"", "-0", "\"NaN\"",
    ];

    [Test]
    public async Task Mutated_bodies_never_get_a_500_every_refusal_names_a_field_and_no_valid_event_is_lost()
    {
        using var db = new TempDatabase();
        await using var server = await TestServer.StartAsync(db.Path, ingest: true);
        var s = new Scenario();
        var start = string.Join("\n", s.Start().Select(EventLines.Line));
        Assert.That((await Post(server, "/api/ingest/batch", Encoding.UTF8.GetBytes(start), "application/x-ndjson")).Status, Is.EqualTo(202));

        var random = new Random(23);
        var kept = new List<string>();
        var refused = 0;
        for (var i = 0; i < 2400; i++)
        {
            var kind = i % 3;
            var lines = Enumerable.Range(0, kind == 0 ? 1 : 1 + random.Next(4)).Select(n => $"F{i}-{n}").ToList();
            var mutated = lines.Select(_ => random.Next(4) > 0).ToList();
            var bodies = lines.Select((id, n) =>
            {
                var valid = Encoding.UTF8.GetBytes(EventLines.Line(s.Order(id, Side.Buy, 1)));
                return mutated[n] ? Mutate(valid, random) : valid;
            }).ToList();

            var body = kind == 0 ? bodies[0] : bodies.SelectMany((b, n) => n == 0 ? b : [(byte)'\n', .. b]).ToArray();
            var (status, text) = kind == 0
                ? await Post(server, "/api/ingest/event/order", body, "application/json")
                : await Post(server, "/api/ingest/batch", body, kind == 1 ? "application/x-ndjson" : "application/json");

            var shown = Encoding.UTF8.GetString(body);
            Assert.That(status, Is.Not.EqualTo(500), shown + "\n" + text);
            if (status == 202)
            {
                kept.AddRange(lines.Where((_, n) => !mutated[n]));
                continue;
            }

            refused++;
            Assert.That(status, Is.EqualTo(400).Or.EqualTo(404), shown + "\n" + text);
            var problem = JsonNode.Parse(text)!;
            var detail = (string)problem["detail"]!;
            Assert.That(detail, Does.Not.Contain("QuantowerRecorder").And.Not.Contain("System.").And.Not.Contain("Exception").And.Not.Contain("Path: $"), shown);
            if (status == 404)
            {
                Assert.That(detail, Does.Contain("run '"), shown);
                continue;
            }

            var field = (string?)problem["field"];
            Assert.That(!string.IsNullOrEmpty(field) || detail.Contains("not JSON", StringComparison.Ordinal)
                        || detail.Contains("not a JSON object", StringComparison.Ordinal) || detail.Contains("holds no event", StringComparison.Ordinal),
                Is.True, shown + "\n" + text);
            if (kind == 0)
            {
                // The import's reader on the same bytes refuses the same field: one parser for both ways in.
                var line = EventLine.Read(body);
                Assert.That(line.Event is null ? line.Field : field, Is.EqualTo(field), shown + "\n" + text);
            }
        }

        var last = s.Order("after-the-storm", Side.Buy, 1);
        Assert.That((await Post(server, "/api/ingest/event/order?wait=true", Encoding.UTF8.GetBytes(EventLines.Line(last)), "application/json")).Status, Is.EqualTo(200));
        var stored = Db.Query<string>(db.Path, "SELECT order_id FROM orders").ToHashSet(StringComparer.Ordinal);
        Assert.That(stored, Does.Contain("after-the-storm"), "the server kept serving");
        Assert.That(kept.Where(id => !stored.Contains(id)), Is.Empty, "every valid event of an accepted body is stored");
        Assert.That(kept, Has.Count.GreaterThan(300));
        Assert.That(refused, Is.GreaterThan(1000));
    }

    private static byte[] Mutate(byte[] line, Random random)
    {
        switch (random.Next(7))
        {
            case 0:
                return LineMutations.Cut(line, random);
            case 1:
                return LineMutations.Flip(line, random);
            case 2:
                return WithValue(line, random, Encoding.UTF8.GetBytes(Replacements[random.Next(Replacements.Length)]));
            case 3:
                return WithValue(line, random, [(byte)'"', 0xC3, 0x28, 0xFF, (byte)'"']);
            case 4:
                var removed = JsonNode.Parse(line)!.AsObject();
                removed.Remove(removed.ElementAt(random.Next(removed.Count)).Key);
                return Encoding.UTF8.GetBytes(removed.ToJsonString());
            case 5:
                // The same name twice, the second with a value of another type.
                var name = JsonNode.Parse(line)!.AsObject().ElementAt(random.Next(3)).Key;
                return [.. line[..^1], .. Encoding.UTF8.GetBytes($",\"{name}\":{Replacements[random.Next(Replacements.Length)]}}}")];
            default:
                return random.Next(2) == 0 ? [] : " \r\n"u8.ToArray();
        }
    }

    private static byte[] WithValue(byte[] line, Random random, byte[] value)
    {
        var node = JsonNode.Parse(line)!.AsObject();
        node[node.ElementAt(random.Next(node.Count)).Key] = "@@mutated@@";
        var text = Encoding.UTF8.GetBytes(node.ToJsonString());
        var at = text.AsSpan().IndexOf("\"@@mutated@@\""u8);
        return [.. text[..at], .. value, .. text[(at + 13)..]];
    }

    private static async Task<(int Status, string Text)> Post(TestServer server, string path, byte[] body, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.Server.Token!.Value);
        using var response = await server.Client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
