using System.Globalization;
using System.Text;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Output;

/// <summary>
/// RFC 4180 CSV: comma-separated, CRLF line ends, a header row, fields quoted when they hold a comma, a quote or a
/// line break (quotes doubled), numbers in the invariant culture, NULL as an empty field.
/// </summary>
internal static class Csv
{
    public static void Write(TextWriter writer, StoredTable rows)
    {
        writer.Write(string.Join(",", rows.Columns.Select(Field)));
        writer.Write("\r\n");
        foreach (var row in rows.Rows)
        {
            writer.Write(string.Join(",", row.Select(Value)));
            writer.Write("\r\n");
        }
    }

    public static string Value(object? value) => value switch
    {
        null => "",
        double d => Numbers.Exact(d),
        float f => Numbers.Exact(f),
        IFormattable formattable => Field(formattable.ToString(null, CultureInfo.InvariantCulture)),
        _ => Field(value.ToString() ?? ""),
    };

    public static string Field(string text)
    {
        if (text.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return text;
        }

        var quoted = new StringBuilder(text.Length + 2).Append('"');
        quoted.Append(text.Replace("\"", "\"\"", StringComparison.Ordinal));
        return quoted.Append('"').ToString();
    }
}
