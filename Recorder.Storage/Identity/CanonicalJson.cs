using System.Globalization;
using System.Text;
using System.Text.Json;

namespace QuantowerRecorder.Storage.Identity;

/// <summary>
/// A canonical JSON form of parameter sets: keys sorted ordinally, numbers in invariant round-trip form, dates in the
/// fixed UTC format, so equal configurations give equal text on every machine.
/// </summary>
public static class CanonicalJson
{
    /// <summary>Canonical JSON of parameters alone (what <c>strategy_instances.parameters_json</c> holds).</summary>
    public static string Parameters(IEnumerable<KeyValuePair<string, object?>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Written(writer => WriteParameters(writer, parameters));
    }

    /// <summary>Canonical JSON of a whole configuration, the input of the config hash.</summary>
    public static string Configuration(
        IEnumerable<KeyValuePair<string, object?>> parameters,
        IEnumerable<string> symbols,
        string? timeframe,
        string? account)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(symbols);
        return Written(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("account", account);
            writer.WritePropertyName("parameters");
            WriteParameters(writer, parameters);
            writer.WriteStartArray("symbols");
            foreach (var symbol in symbols.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                writer.WriteStringValue(symbol);
            }

            writer.WriteEndArray();
            writer.WriteString("timeframe", timeframe);
            writer.WriteEndObject();
        });
    }

    /// <summary>The text <paramref name="write"/> writes, as UTF-8 JSON.</summary>
    internal static string Written(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteParameters(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, object?>> parameters)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WritePropertyName(key);
            WriteValue(writer, value);
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case double d:
                WriteDouble(writer, d);
                break;
            case float f:
                WriteDouble(writer, f);
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case int or long or short or byte or sbyte or uint or ulong or ushort:
                writer.WriteNumberValue(Convert.ToDecimal(value, CultureInfo.InvariantCulture));
                break;
            case DateTime dt:
                writer.WriteStringValue(Timestamps.Format(dt));
                break;
            case Enum e:
                writer.WriteStringValue(e.ToString());
                break;
            case IFormattable formattable:
                writer.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, double d)
    {
        // JSON has no NaN or infinity; keep them distinguishable as strings rather than failing the run.
        if (double.IsFinite(d))
        {
            writer.WriteNumberValue(d);
        }
        else
        {
            writer.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
        }
    }
}
