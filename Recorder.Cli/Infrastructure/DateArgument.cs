using System.Globalization;

namespace QuantowerRecorder.Cli.Infrastructure;

/// <summary>Dates typed on the command line: "2026-03-01" or a full ISO-8601 time, read as UTC.</summary>
internal static class DateArgument
{
    public static DateTime? Parse(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value))
        {
            return value;
        }

        throw new CliException($"{option}: '{text}' is not a date. Use yyyy-MM-dd, e.g. 2026-03-01, or an ISO-8601 time.");
    }
}
