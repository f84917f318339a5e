using System.Globalization;
using System.Net;
using System.Text;

namespace QuantowerRecorder.Cli.Report;

/// <summary>Small helpers for writing HTML: escaped text, invariant numbers, UTC times.</summary>
internal static class Html
{
    /// <summary>Text for an element or a quoted attribute value: HtmlEncode escapes quotes too.</summary>
    public static string Text(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Data for the page's script, as JSON in a script element: no "&lt;/" may appear there (labels are user text).</summary>
    public static void JsonScript(StringBuilder html, string id, string json) =>
        html.Append(CultureInfo.InvariantCulture, $"<script type=\"application/json\" id=\"{id}\">{json.Replace("</", "<\\/", StringComparison.Ordinal)}</script>\n");

    public static string Swatch(string color) => $"<span class=\"swatch\" style=\"background:{color}\"></span>";

    /// <summary>"pos"/"neg" class attribute by sign, for money and returns.</summary>
    public static string Sign(double? value) => value switch { > 0 => " class=\"pos\"", < 0 => " class=\"neg\"", _ => "" };
}
