using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// A text the events of a run repeat (its run id, a bar's series, an order's symbol and account) read into the
/// instance this thread read last for the same bytes, instead of a new string per event: an import or an ingest of
/// millions of events keeps one copy of each while they wait in the queue. Strings cannot change, so sharing one is
/// the same value; written as any text.
/// </summary>
internal sealed class RepeatedTextConverter : JsonConverter<string>
{
    private const int Remembered = 8;
    private const int LongestBytes = 128;

    [ThreadStatic]
    private static (byte[] Utf8, string Text)[]? recent;

    [ThreadStatic]
    private static int next;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // Anything else reads as the built-in converter reads it (which throws for a token that is not text).
        if (reader.TokenType != JsonTokenType.String || reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > LongestBytes)
        {
            return reader.GetString();
        }

        var bytes = reader.ValueSpan;
        var known = recent ??= new (byte[], string)[Remembered];
        foreach (var (utf8, text) in known)
        {
            if (utf8 is not null && bytes.SequenceEqual(utf8))
            {
                return text;
            }
        }

        var read = reader.GetString()!;
        known[next] = (bytes.ToArray(), read);
        next = (next + 1) % Remembered;
        return read;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
