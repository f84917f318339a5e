using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using QuantowerRecorder.Server.Contract;

namespace QuantowerRecorder.Cli.Output;

/// <summary>JSON written to a text writer under the contract's options (<see cref="ContractJson"/>), for --json and exports.</summary>
internal static class JsonOut
{
    // The contract's own indentation and escaping, so hand-written documents read like serialized ones.
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = ContractJson.Options.WriteIndented,
        Encoder = ContractJson.Options.Encoder,
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

    /// <summary>Rows as objects under their column names, written by the contract's serializer.</summary>
    public static void Rows(TextWriter writer, RowSet rows) =>
        ContractJson.Write(writer, rows.Rows.Select(row => rows.Columns.Select((name, i) => (name, value: row[i])).ToDictionary(c => c.name, c => c.value)));

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
