using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Ingest;

/// <summary>
/// Reads one event of the import format (docs/events.md): a JSON object with an <c>event_type</c> and the event's
/// properties (snake_case names, enums by name). The only reader of events from outside: `recorder import`'s lines,
/// the server's single events and its batch lines all come here, so a line means the same on every way in and a
/// refusal reads the same everywhere. A line that cannot become an event is refused with the field and the reason,
/// never with a .NET type or exception text; whether a read event is acceptable is then the recorder pipeline's call.
/// </summary>
public static class EventLine
{
    private static readonly string[] Types = [.. Writing.PayloadJson.Kinds.Keys];

    /// <summary>The event types a line may carry, in ordinal order.</summary>
    public static IEnumerable<string> KnownTypes => Types.Order(StringComparer.Ordinal);

    /// <summary>A line already decoded to text (text cannot carry invalid UTF-8; its lone surrogates become U+FFFD).</summary>
    public static EventLineResult Read(string line, string? eventType = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Read(Encoding.UTF8.GetBytes(line), eventType);
    }

    /// <summary>
    /// The event in <paramref name="utf8"/>, the line's bytes as they came. With <paramref name="eventType"/> (a
    /// single-event endpoint) the line needs no <c>event_type</c>; one that is given must name that type.
    /// </summary>
    public static EventLineResult Read(ReadOnlyMemory<byte> utf8, string? eventType = null) => Plain(utf8.Span, eventType) ?? Explained(utf8, eventType);

    /// <summary>
    /// The usual line — valid UTF-8 without a \u escape, one JSON object whose one <c>event_type</c> is text naming a
    /// known type — read in one pass over its bytes, with no document and no copy of its text; null for any other
    /// line, and for any line that does not read, which <see cref="Explained"/> then reads and refuses with its reason.
    /// Every line this reads, <see cref="Explained"/> reads to the same event: the same reader's rules (a document's
    /// defaults), the same type and the same deserializer over the same bytes.
    /// </summary>
    internal static EventLineResult? Plain(ReadOnlySpan<byte> utf8, string? expected)
    {
        if (utf8.IndexOf("\\u"u8) >= 0 || !Utf8.IsValid(utf8))
        {
            return null;
        }

        string? type = null;
        var given = false;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("event_type"u8);
                reader.Read();
                if (!isType)
                {
                    reader.Skip();
                    continue;
                }

                // Twice, or not text (null included): left to the document's reading, which decides.
                if (given || reader.TokenType != JsonTokenType.String)
                {
                    return null;
                }

                given = true;
                type = Known(reader.GetString()!);
                if (type is null)
                {
                    return null;
                }
            }

            // Past the object's end only whitespace may follow (else the reader throws).
            if (reader.Read())
            {
                return null;
            }
        }
        catch (JsonException)
        {
            return null;
        }

        type ??= expected;
        if (type is null || (expected is not null && !string.Equals(type, expected, StringComparison.Ordinal)))
        {
            return null;
        }

        try
        {
            return EventLineResult.Read(Writing.PayloadJson.Deserialize(type, utf8));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    // Any line: read into a document first, so that a refusal can say which field and why.
    internal static EventLineResult Explained(ReadOnlyMemory<byte> utf8, string? eventType)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8);
        }
        catch (JsonException ex)
        {
            return EventLineResult.Refused(null, FormattableString.Invariant($"not JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1})"));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return EventLineResult.Refused(null, "not a JSON object (one event per line, docs/events.md)");
            }

            // Text a string cannot hold: an escaped lone surrogate ("\ud800"), or bytes that are not UTF-8. Looked for
            // only when the line could hold either, so a clean line pays nothing for it.
            var validUtf8 = Utf8.IsValid(utf8.Span);
            if ((!validUtf8 || utf8.Span.IndexOf("\\u"u8) >= 0) && LineText.FirstUnreadable(root) is { } where)
            {
                return EventLineResult.Refused(where, validUtf8 ? "a lone surrogate (invalid UTF-16)" : "not valid UTF-8 text");
            }

            var (type, wrongType) = TypeOf(root, eventType);
            if (type is null)
            {
                return EventLineResult.Refused("event_type", wrongType!);
            }

            // Valid UTF-8 (checked above), so this text is the line itself: the stored payload's own reader, which
            // ignores "event_type".
            var text = Encoding.UTF8.GetString(utf8.Span);
            try
            {
                return EventLineResult.Read(EventJson.Parse(type, text));
            }
            catch (JsonException ex)
            {
                return LineFields.Explain(type, root, ex.Path);
            }
            catch (InvalidOperationException)
            {
                return EventLineResult.Refused(LineText.FirstUnreadable(root) ?? "event", "not valid text");
            }
        }
    }

    // The event type a line's event_type names (its case aside), or null.
    private static string? Known(string name) => Array.Find(Types, t => string.Equals(t, name, StringComparison.OrdinalIgnoreCase));

    private static string Known() => "one of " + string.Join(", ", KnownTypes);

    // The line's event type, or why its event_type is refused.
    private static (string? Type, string? Refusal) TypeOf(JsonElement root, string? expected)
    {
        if (!root.TryGetProperty("event_type", out var given) || given.ValueKind == JsonValueKind.Null)
        {
            return expected is not null ? (expected, null) : (null, "missing (" + Known() + ")");
        }

        if (given.ValueKind != JsonValueKind.String)
        {
            return (null, "not text (" + Known() + ")");
        }

        var name = given.GetString()!;
        var type = Known(name);
        if (type is null)
        {
            return (null, $"unknown event type '{LineText.Shown(name)}' ({Known()})");
        }

        return expected is not null && !string.Equals(type, expected, StringComparison.Ordinal)
            ? (null, $"'{type}' does not match this endpoint, which takes {expected}")
            : (type, null);
    }
}

/// <summary>
/// What <see cref="EventLine"/> made of a line: the event, or the field refused (a JSON path such as <c>price</c>;
/// null when the line as a whole is not a JSON object) and why.
/// </summary>
public sealed record EventLineResult(RecorderEvent? Event, string? Field, string? Reason)
{
    /// <summary>"field: reason", or the reason alone for the line as a whole; null for an event.</summary>
    public string? Error => Event is not null ? null : Field is null ? Reason : Field + ": " + Reason;

    internal static EventLineResult Read(RecorderEvent e) => new(e, null, null);

    internal static EventLineResult Refused(string? field, string reason) => new(null, field, reason);
}
