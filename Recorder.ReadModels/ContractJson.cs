using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// The one way the product writes JSON: `--json` of every command, JSON export and the HTTP API. Names are the
/// schema's snake_case column names, enums are written by name, and a number JSON cannot hold (NaN, infinity) is null,
/// which every reader (pandas, jq, a browser) understands.
/// </summary>
public static class ContractJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions());

    /// <summary>Applies the contract to options the framework owns (ASP.NET Core's, for problem bodies and health).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.WriteIndented = true;
        // Strategy names and symbols may hold any character; keep them readable rather than \u-escaped.
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new FiniteNumberConverter());
        options.TypeInfoResolver = JsonTypeInfoResolver.Combine(ContractContext.Default, options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver());
        return options;
    }

    /// <summary>Writes one value and a newline, as `--json` prints it.</summary>
    public static void Write<T>(TextWriter writer, T value)
    {
        writer.Write(JsonSerializer.Serialize(value, Options));
        writer.Write('\n');
    }
}
