using System.Buffers;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// An order's state and a fill are logged by a hand-written writer (StoredPayloads): its bytes must be the contract's
/// (PayloadJson.Serialize), or a repeat would no longer be told by its payload and replay would log other text. Every
/// settable property of both records is given values at random, each sometimes left null, so a property added to a
/// record and not to the writer fails here.
/// </summary>
[TestFixture]
public sealed class StoredPayloadsTests
{
    private static readonly string[] Texts =
    [
        string.Empty, "O1", "ES", "BENCH-SIM", "a\"b", "a\\b", "<o>&'", "o+1", "line\nbreak\ttab", "\u0001\u001f", "ордер 注文",
        "emoji \U0001F600", "\u2028\u2029", "/slash/", " spaced ",
    ];

    private static readonly string[] Nested =
    [
        "{}", "[]", """{"comment":"cross","group_id":null,"n":1.5,"list":[1,"a",{"b":false}]}""", """[1,2,{"x":"\u00e9"}]""",
        "{not json}", "[1,", "{ }", " {} ", "plain text", "{\"a\":1} ", "\"quoted\"", "{\"a\":\"<&>\"}", "{\"deep\":{\"deeper\":[[],{}]}}",
    ];

    private static readonly double[] Numbers =
    [
        0, -0.0, 1, 2.5, 4977.75, -3.125, 1e-300, 1e300, double.Epsilon, double.MaxValue, 0.1 + 0.2, 123456789.123456789,
        double.NaN, double.PositiveInfinity, double.NegativeInfinity,
    ];

    [TestCase(typeof(OrderSnapshot))]
    [TestCase(typeof(ExecutionRecorded))]
    public void The_hand_written_payload_is_the_contracts_byte_for_byte(Type kind)
    {
        var random = new Random(20261127);
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer, PayloadJson.WriterOptions);
        for (var i = 0; i < 3_000; i++)
        {
            var e = Make(kind, random);
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            Assert.That(StoredPayloads.TryWrite(writer, e), Is.True);
            writer.Flush();
            var contract = PayloadJson.Serialize(e);
            Assert.That(Encoding.UTF8.GetString(buffer.WrittenSpan), Is.EqualTo(contract), $"event {i}");
        }
    }

    [Test]
    public void A_nested_document_written_again_without_its_parse_gives_the_bytes_a_first_write_gives()
    {
        // What each text gives written first on a thread of its own (nothing remembered there), then on this thread after
        // every other text: a document written again unparsed, and a bad one after a good one, give the same bytes.
        var fresh = Nested.ToDictionary(text => text,
            text => Task.Factory.StartNew(() => Written(text), TaskCreationOptions.LongRunning).GetAwaiter().GetResult(), StringComparer.Ordinal);
        foreach (var before in Nested)
        {
            foreach (var text in Nested)
            {
                Written(before);
                Assert.That(Written(text), Is.EqualTo(fresh[text]), $"{text} after {before}");
                Assert.That(Written(text), Is.EqualTo(fresh[text]), $"{text} again");
            }
        }

        Assert.That(fresh[Nested[2]], Does.StartWith("{\"a\":" + Nested[2] + ",\"b\":\"after\",\"c\":[" + Nested[2] + "," + Nested[2] + "]"), "nested as it is");
        Assert.That(fresh["{not json}"], Does.StartWith("{\"a\":\"{not json}\""), "a bad document stays text");
    }

    // The text as a property's value, followed by another property, then twice in an array.
    private static string Written(string text)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, PayloadJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("a");
            NestedJsonConverter.WriteValue(writer, text);
            writer.WriteString("b", "after");
            writer.WriteStartArray("c");
            NestedJsonConverter.WriteValue(writer, text);
            NestedJsonConverter.WriteValue(writer, text);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Test]
    public void Every_property_the_contract_writes_is_written_with_a_value()
    {
        // Each property set (none left null): the contract writes all of them, and so must the hand-written writer.
        foreach (var kind in new[] { typeof(OrderSnapshot), typeof(ExecutionRecorded) })
        {
            var e = Make(kind, new Random(7), nulls: false);
            var contract = JsonDocument.Parse(PayloadJson.Serialize(e)).RootElement.EnumerateObject().Select(p => p.Name).ToList();
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, PayloadJson.WriterOptions))
            {
                StoredPayloads.TryWrite(writer, e);
            }

            var written = JsonDocument.Parse(buffer.WrittenMemory).RootElement.EnumerateObject().Select(p => p.Name).ToList();
            Assert.That(written, Is.EqualTo(contract), kind.Name);
            Assert.That(written, Has.Count.EqualTo(Settable(kind).Count() - 3), $"{kind.Name}: every property but the row's run, time and source");
        }
    }

    [Test]
    public void Other_events_are_left_to_the_contract()
    {
        var bar = new BarRecorded
        {
            RunId = "R", EventUtc = new DateTime(2026, 1, 5, 1, 41, 0, DateTimeKind.Utc), SeriesId = "S", OpenUtc = new DateTime(2026, 1, 5, 1, 40, 0, DateTimeKind.Utc),
            Open = 1, High = 2, Low = 0.5, Close = 1.5, Volume = 10,
        };
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer, PayloadJson.WriterOptions);
        Assert.That(StoredPayloads.TryWrite(writer, bar), Is.False);
        Assert.That(buffer.WrittenCount, Is.Zero);
    }

    private static IEnumerable<PropertyInfo> Settable(Type kind) =>
        kind.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null);

    private static RecorderEvent Make(Type kind, Random random, bool nulls = true)
    {
        var e = (RecorderEvent)RuntimeHelpers.GetUninitializedObject(kind);
        foreach (var property in Settable(kind))
        {
            property.SetValue(e, Value(property, random, nulls && random.Next(4) == 0));
        }

        return e;
    }

    private static object? Value(PropertyInfo property, Random random, bool asNull)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var nullable = !property.PropertyType.IsValueType || Nullable.GetUnderlyingType(property.PropertyType) is not null;
        if (asNull && nullable)
        {
            return null;
        }

        if (type == typeof(string))
        {
            return property.Name == nameof(OrderSnapshot.ExtraJson) ? Pick(Nested, random) : Pick(Texts, random);
        }

        if (type == typeof(double))
        {
            return random.Next(3) == 0 ? Pick(Numbers, random) : Math.Round((random.NextDouble() - 0.3) * 10_000, random.Next(6));
        }

        if (type == typeof(DateTime))
        {
            var ticks = new DateTime(2020, 1, 1).Ticks + (long)(random.NextDouble() * TimeSpan.FromDays(3_000).Ticks);
            // Whole seconds, whole milliseconds and every tick; kinds as they come.
            ticks -= random.Next(3) switch { 0 => ticks % TimeSpan.TicksPerSecond, 1 => ticks % TimeSpan.TicksPerMillisecond, _ => 0 };
            return new DateTime(ticks, (DateTimeKind)random.Next(3));
        }

        if (type.IsEnum)
        {
            var values = Enum.GetValues(type);
            // Sometimes a value the enum does not name.
            return random.Next(10) == 0 ? Enum.ToObject(type, values.Length + random.Next(3)) : values.GetValue(random.Next(values.Length));
        }

        throw new InvalidOperationException($"no values for {property.Name} ({type.Name}): give the generator some");
    }

    private static T Pick<T>(T[] values, Random random) => values[random.Next(values.Length)];
}
