using System.Globalization;
using System.Net;

namespace QuantowerRecorder.Cli.Report;

/// <summary>Small helpers for writing HTML: escaped text, invariant numbers, UTC times.</summary>
internal static class Html
{
    /// <summary>Text for an element or a quoted attribute value: HtmlEncode escapes quotes too.</summary>
    public static string Text(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Day(DateTime utc) => utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Swatch(string color) => $"<span class=\"swatch\" style=\"background:{color}\"></span>";

    /// <summary>"pos"/"neg" class attribute by sign, for money and returns.</summary>
    public static string Sign(double? value) => value switch { > 0 => " class=\"pos\"", < 0 => " class=\"neg\"", _ => "" };
}
