using System.Text;
using System.Text.Json;

namespace QuantowerRecorder.Plugin.Mapping;

/// <summary>The mappers' small JSON texts, written member by member with <see cref="Utf8JsonWriter"/>.</summary>
internal static class SmallJson
{
    /// <summary>The text <paramref name="write"/> makes; a static lambda with its state keeps a bar's text allocation-light.</summary>
    public static string Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer, state);
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    // Infinite borders (a band over every price) and NaN become null: JSON has no such numbers.
    public static void WriteNumberOrNull(this Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
