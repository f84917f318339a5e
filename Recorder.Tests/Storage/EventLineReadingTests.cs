using System.Text;
using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Ingest;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// A line is read in one pass over its bytes when it is the usual kind (EventLine.Plain) and through a document
/// otherwise (EventLine.Explained, which says why it refuses one): whichever way, the outcome must be the one the
/// document's reading gives, for valid lines, mutated ones and the edge cases of the format.
/// </summary>
[TestFixture]
public sealed class EventLineReadingTests
{
    private static readonly string[] Values =
    [
        "\"\\ud800\"", "1e999", "123456789012345678901234567890", "\"lots\"", "true", "null", "[]", "{}", "\"\"", "-0",
        "\"NaN\"", "{\"event_type\":\"BAR\"}", "[{\"a\":[1,{\"b\":null}]}]",
    ];

    [Test]
    public void Every_kind_of_valid_line_is_read_in_one_pass_to_the_event_the_document_gives()
    {
        var lines = Valid().ToList();
        Assert.That(lines.Select(l => l.Type).Distinct().Count(), Is.GreaterThanOrEqualTo(8), "the corpus covers the event types");
        foreach (var (line, _) in lines)
        {
            var plain = EventLine.Plain(line, null);
            Assert.That(plain?.Event, Is.Not.Null, "read in one pass: " + Encoding.UTF8.GetString(line));
            Assert.That(Outcome(plain!), Is.EqualTo(Outcome(EventLine.Explained(line, null))), Encoding.UTF8.GetString(line));
        }
    }

    [Test]
    public void Mutated_lines_get_the_same_event_or_the_same_refusal_either_way()
    {
        var random = new Random(41);
        var valid = Valid().Select(l => l.Line).ToList();
        int read = 0, refused = 0;
        for (var i = 0; i < 4000; i++)
        {
            var line = Mutate(valid[random.Next(valid.Count)], random);
            // A single-event endpoint names the type; a batch line names its own.
            var expected = i % 5 == 0 ? EventTypes.Order : null;
            var outcome = Outcome(EventLine.Read(line, expected));
            Assert.That(outcome, Is.EqualTo(Outcome(EventLine.Explained(line, expected))), Encoding.UTF8.GetString(line));
            if (outcome.StartsWith("event ", StringComparison.Ordinal))
            {
                read++;
            }
            else
            {
                refused++;
            }
        }

        Assert.That((read, refused), Is.EqualTo((read, refused)).And.Matches<(int Read, int Refused)>(c => c.Read > 200 && c.Refused > 200),
            $"the mutations give both outcomes ({read} read, {refused} refused)");
    }

    [TestCase("{\"event_type\":\"ORDER\",\"order_id\":\"A\",\"event_type\":\"BAR\"}", null, TestName = "event_type given twice")]
    [TestCase("{\"event_type\":null,\"order_id\":\"A\"}", "ORDER", TestName = "event_type null on a single-event endpoint")]
    [TestCase("{\"event_type\":null,\"order_id\":\"A\"}", null, TestName = "event_type null in a batch")]
    [TestCase("{\"order_id\":\"A\"}", "ORDER", TestName = "no event_type on a single-event endpoint")]
    [TestCase("{\"event_type\":\"order\",\"order_id\":\"A\"}", null, TestName = "event_type in another case")]
    [TestCase("{\"event_type\":\"BAR\",\"order_id\":\"A\"}", "ORDER", TestName = "event_type not the endpoint's")]
    [TestCase("{\"event\\u005ftype\":\"ORDER\",\"order_id\":\"A\"}", null, TestName = "an escaped property name")]
    [TestCase("{\"meta\":{\"event_type\":\"ORDER\"},\"order_id\":\"A\"}", null, TestName = "event_type only inside a nested object")]
    [TestCase("{\"event_type\":\"ORDER\",\"order_id\":\"A\"} x", null, TestName = "something after the object")]
    [TestCase("{\"event_type\":\"ORDER\",\"order_id\":\"A\",}", null, TestName = "a trailing comma")]
    [TestCase("{\"event_type\":\"ORDER\" /* c */,\"order_id\":\"A\"}", null, TestName = "a comment")]
    [TestCase("[{\"event_type\":\"ORDER\"}]", null, TestName = "an array")]
    [TestCase("\"ORDER\"", null, TestName = "a string")]
    [TestCase("{\"event_type\":7,\"order_id\":\"A\"}", null, TestName = "event_type a number")]
    public void Edge_cases_read_as_the_document_reads_them(string text, string? expected)
    {
        var line = Encoding.UTF8.GetBytes(text);
        Assert.That(Outcome(EventLine.Read(line, expected)), Is.EqualTo(Outcome(EventLine.Explained(line, expected))));
    }

    [Test]
    public void An_event_type_inside_a_nested_value_is_not_the_lines_type()
    {
        var line = Encoding.UTF8.GetBytes("{\"extra\":{\"event_type\":\"ORDER\"},\"order_id\":\"A\"}");
        var result = EventLine.Read(line);
        Assert.That((result.Event, result.Field), Is.EqualTo(((RecorderEvent?)null, "event_type")));
    }

    private static string Outcome(EventLineResult result) =>
        result.Event is { } e ? "event " + e.GetType().Name + " " + PayloadJson.SerializeEvent(e) : $"refused {result.Field}: {result.Reason}";

    private static IEnumerable<(byte[] Line, string Type)> Valid()
    {
        var s = new Scenario();
        var events = s.Start().Concat(
        [
            s.Order("A", Side.Buy, 2, type: "LIMIT", price: 5001.25), s.Order("B", Side.Sell, 1, type: "STOP", stop: 4990),
            s.Fill("A-1", "A", Side.Buy, 2, price: 5001.25), s.Bar(1, close: 5002.5), s.Bar(2, closed: false),
            new InstrumentDefined { RunId = s.RunId, EventUtc = s.At(1), Source = s.Source, Symbol = "ES", TickSize = 0.25, TickValue = 12.5, Currency = "USD" },
            new OcoGroupDefined { RunId = s.RunId, EventUtc = s.At(2), Source = s.Source, OcoGroupId = "G1", Label = "bracket", ExtraJson = "{\"why\":\"cross up\",\"n\":[1,2.5]}" },
            new OcoLinkAdded { RunId = s.RunId, EventUtc = s.At(2), Source = s.Source, OcoGroupId = "G1", OrderId = "B", Role = "stop" },
            new DecisionMarked { RunId = s.RunId, EventUtc = s.At(3), Source = s.Source, DecisionId = "D1", Symbol = "ES", Side = Side.Buy, Quantity = 2, Price = 5001, Signal = "cross" },
            s.End(),
        ]);
        return events.Select(e => (Encoding.UTF8.GetBytes(EventLines.Line(e)), e.EventType));
    }

    private static byte[] Mutate(byte[] line, Random random)
    {
        var node = JsonNode.Parse(line)!.AsObject();
        var key = node.ElementAt(random.Next(node.Count)).Key;
        switch (random.Next(8))
        {
            case 0:
                return LineMutations.Cut(line, random);
            case 1:
                return LineMutations.Flip(line, random);
            case 2:
                node[key] = "@@";
                var text = node.ToJsonString();
                return Encoding.UTF8.GetBytes(text.Replace("\"@@\"", Values[random.Next(Values.Length)], StringComparison.Ordinal));
            case 3:
                node.Remove(key);
                return Encoding.UTF8.GetBytes(node.ToJsonString());
            case 4:
                // The same name again, with another value.
                return [.. line[..^1], .. Encoding.UTF8.GetBytes($",\"{key}\":{Values[random.Next(Values.Length)]}}}")];
            case 5:
                node["event_type"] = random.Next(3) switch { 0 => "order", 1 => "NOPE", _ => null };
                return Encoding.UTF8.GetBytes(node.ToJsonString());
            case 6:
                // Invalid UTF-8 inside a string.
                return [.. line[..^1], .. ",\"note\":\""u8, 0xC3, 0x28, .. "\"}"u8];
            default:
                // Whitespace around, and a byte-order mark in front.
                return random.Next(2) == 0 ? [.. " \t"u8, .. line, .. " \r"u8] : [0xEF, 0xBB, 0xBF, .. line];
        }
    }
}
