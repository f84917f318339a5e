using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using QuantowerRecorder.Page;
using QuantowerRecorder.ReadModels;

namespace QuantowerRecorder.Cli.Report;

/// <summary>
/// The page saved as one file: index.html's body, its stylesheet and its scripts inlined in its order, the
/// lightweight-charts file inlined as the package ships it, and the API's answers for the view (<see cref="PageSnapshot"/>)
/// as JSON, which the page's api() reads instead of a server. Its content security policy allows only inline script
/// and style and forbids loading anything, so it renders the same offline, from an e-mail attachment, or years later.
/// </summary>
internal static partial class SavedPage
{
    private const string ContentSecurityPolicy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

    // The contract's serialisation, on one line: a saved page is read by a script, not by people.
    private static readonly JsonSerializerOptions Json = new(ContractJson.Options) { WriteIndented = false };

    public static string Build(PageSnapshot snapshot, string title, string databaseName, DateTimeOffset generatedUtc)
    {
        var index = PageAssets.Read("index.html");
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<meta http-equiv=\"Content-Security-Policy\" content=\"{ContentSecurityPolicy}\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<title>{WebUtility.HtmlEncode(title)}</title>\n");
        foreach (Match css in Stylesheet().Matches(index))
        {
            html.Append("<style>\n").Append(Inline(css.Groups[1].Value)).Append("</style>\n");
        }

        // The body without the navigation: the file holds one view, and links nowhere.
        html.Append("</head>\n<body>\n").Append(Navigation().Replace(Body().Match(index).Groups[1].Value.Trim(), "")).Append('\n');
        var paths = new Dictionary<string, object?>(snapshot.Paths, StringComparer.Ordinal) { ["/api/metrics/definitions"] = MetricDefinitions.All };
        var data = JsonSerializer.Serialize(new
        {
            snapshot.Route, Database = databaseName, GeneratedUtc = Storage.Timestamps.Format(generatedUtc), Paths = paths, snapshot.Errors,
        }, Json);
        // '<' occurs in JSON only inside strings, where \u003c means the same: no "</script>" or "<!--" can end the element.
        html.Append("<script type=\"application/json\" id=\"recorder-snapshot\">").Append(data.Replace("<", "\\u003c", StringComparison.Ordinal)).Append("</script>\n");
        // The scripts after the body and the snapshot, as the page's deferred scripts run: in index.html's order.
        foreach (Match script in Script().Matches(index))
        {
            var file = script.Groups[1].Value;
            var library = file == PageAssets.ChartLibraryFile;
            // The chart library as the package ships it (Apache-2.0; its licence comment stays at its top).
            html.Append(library ? $"<script data-library=\"lightweight-charts {PageAssets.ChartLibraryVersion}\">\n" : $"<script data-file=\"{file}\">\n")
                .Append(Inline(file)).Append("\n</script>\n");
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    // A file of the page, refused if it could end its element early.
    private static string Inline(string file)
    {
        var text = PageAssets.Read(file);
        return text.Contains("</script", StringComparison.OrdinalIgnoreCase) || text.Contains("</style", StringComparison.OrdinalIgnoreCase)
            ? throw new InvalidOperationException($"{file} holds an end tag and cannot be inlined.")
            : text;
    }

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"/assets/([^\"]+)\">")]
    private static partial Regex Stylesheet();

    [GeneratedRegex("<script src=\"/assets/([^\"]+)\"[^>]*></script>")]
    private static partial Regex Script();

    [GeneratedRegex("\\s*<nav>.*?</nav>", RegexOptions.Singleline)]
    private static partial Regex Navigation();

    [GeneratedRegex("<body>(.*)</body>", RegexOptions.Singleline)]
    private static partial Regex Body();
}
