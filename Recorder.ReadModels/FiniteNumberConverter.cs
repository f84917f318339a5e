using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuantowerRecorder.ReadModels;

/// <summary>A double JSON cannot hold (NaN, ±infinity: a ratio over no trades) is written as null.</summary>
internal sealed class FiniteNumberConverter : JsonConverter<double>
{
    public override bool HandleNull => false;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
