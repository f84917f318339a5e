using System.Text.RegularExpressions;

namespace QuantowerRecorder.Server.Ingest;

/// <summary>Names the field a reader's message is about, so a 400 says which one (RFC 7807 extension "field").</summary>
internal static partial class ParseError
{
    public static string? FieldOf(string message)
    {
        if (message.Contains("event_type", StringComparison.Ordinal))
        {
            return "event_type";
        }

        var missing = MissingProperty().Match(message);
        if (missing.Success)
        {
            return missing.Groups[1].Value;
        }

        var path = JsonPath().Match(message);
        return path.Success ? path.Groups[1].Value : null;
    }

    [GeneratedRegex(@"missing required properties[^']*'([^']+)'")]
    private static partial Regex MissingProperty();

    [GeneratedRegex(@"Path: \$\.?([A-Za-z0-9_]+)")]
    private static partial Regex JsonPath();
}
