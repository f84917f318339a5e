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
    public static EventLineResult Read(ReadOnlyMemory<byte> utf8, string? eventType = null)
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

    // The line's event type, or why its event_type is refused.
    private static (string? Type, string? Refusal) TypeOf(JsonElement root, string? expected)
    {
        var known = "one of " + string.Join(", ", KnownTypes);
        if (!root.TryGetProperty("event_type", out var given) || given.ValueKind == JsonValueKind.Null)
        {
            return expected is not null ? (expected, null) : (null, "missing (" + known + ")");
        }

        if (given.ValueKind != JsonValueKind.String)
        {
            return (null, "not text (" + known + ")");
        }

        var name = given.GetString()!;
        var type = Array.Find(Types, t => string.Equals(t, name, StringComparison.OrdinalIgnoreCase));
        if (type is null)
        {
            return (null, $"unknown event type '{LineText.Shown(name)}' ({known})");
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
