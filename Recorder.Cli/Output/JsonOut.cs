using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace QuantowerRecorder.Cli.Output;

/// <summary>Indented JSON written to a text writer, for --json and exports.</summary>
internal static class JsonOut
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // Strategy names and symbols may hold any character; keep them readable rather than \u-escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter writer, Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, Options))
        {
            body(json);
        }

        writer.Write(Encoding.UTF8.GetString(stream.ToArray()));
        writer.Write('\n');
    }

    public static void Rows(Utf8JsonWriter json, RowSet rows)
    {
        json.WriteStartArray();
        foreach (var row in rows.Rows)
        {
            json.WriteStartObject();
            for (var i = 0; i < rows.Columns.Count; i++)
            {
                json.WritePropertyName(rows.Columns[i]);
                Value(json, row[i]);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    public static void Value(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case long l:
                json.WriteNumberValue(l);
                break;
            case int i:
                json.WriteNumberValue(i);
                break;
            case double d when double.IsFinite(d):
                json.WriteNumberValue(d);
                break;
            case double:
                // JSON has no NaN or infinity; null is what pandas and every other reader understand.
                json.WriteNullValue();
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }

    public static void Number(Utf8JsonWriter json, string name, double? value)
    {
        json.WritePropertyName(name);
        Value(json, value);
    }
}
