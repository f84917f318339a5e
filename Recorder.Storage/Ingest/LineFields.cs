using System.Collections.Frozen;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Ingest;

/// <summary>
/// Turns the event reader's refusal into the field and a reason a client can act on ("price: not a number"). The
/// reader's own message names CLR types, so the reason comes from the event's shape and the value on the line instead.
/// Runs only for a refused line.
/// </summary>
internal static class LineFields
{
    public static EventLineResult Explain(string eventType, JsonElement root, string? readerPath)
    {
        var properties = PropertiesOf(eventType);
        var path = Stripped(readerPath);
        var top = path.Split('.', '[')[0];
        if (top.Length > 0 && properties.TryGetValue(top, out var property) && root.TryGetProperty(top, out var value))
        {
            return EventLineResult.Refused(LineText.Shown(path), Describe(property, value));
        }

        foreach (var (name, p) in properties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (p.IsDefined(typeof(RequiredMemberAttribute)) && !root.TryGetProperty(name, out _))
            {
                return EventLineResult.Refused(name, "missing");
            }
        }

        return EventLineResult.Refused(path.Length > 0 ? LineText.Shown(path) : "event", "not a valid value");
    }

    internal static FrozenDictionary<string, PropertyInfo> PropertiesOf(string eventType) =>
        Shapes.GetOrAdd(eventType, t => PayloadJson.Kinds[t].GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToFrozenDictionary(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), StringComparer.Ordinal));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, FrozenDictionary<string, PropertyInfo>> Shapes = new(StringComparer.Ordinal);

    private static string Describe(PropertyInfo property, JsonElement value)
    {
        if (property.IsDefined(typeof(JsonConverterAttribute)))
        {
            return "not a JSON object, array or text";
        }

        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return "must not be null";
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return value.ValueKind == JsonValueKind.Number ? "out of range for a number" : "not a number";
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte))
        {
            return value.ValueKind != JsonValueKind.Number ? "not a whole number"
                : value.GetRawText().AsSpan().IndexOfAny(".eE") >= 0 ? "not a whole number" : "out of range";
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return "not a timestamp (ISO 8601 text, such as 2026-01-02T03:04:05Z)";
        }

        if (type.IsEnum)
        {
            return "not one of " + string.Join(", ", Enum.GetNames(type));
        }

        if (type == typeof(bool))
        {
            return "not true or false";
        }

        return type == typeof(string) ? "not text" : "not a valid value";
    }

    private static string Stripped(string? readerPath)
    {
        if (string.IsNullOrEmpty(readerPath) || readerPath == "$")
        {
            return string.Empty;
        }

        var path = readerPath.StartsWith("$.", StringComparison.Ordinal) ? readerPath[2..] : readerPath.TrimStart('$');
        // An odd name is written $['a b']: the name itself is the field.
        return path.StartsWith("['", StringComparison.Ordinal) && path.EndsWith("']", StringComparison.Ordinal) ? path[2..^2] : path;
    }
}
