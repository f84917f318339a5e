using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NUnit.Framework;
using QuantowerRecorder.Tests.Server;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// A page `recorder report` saved: its embedded snapshot (the API's answers, by path) read back, and the file opened
/// in a headless browser cut off the network, waited on until its view is drawn.
/// </summary>
internal static partial class SavedReport
{
    /// <summary>The snapshot: route, database, generated_utc, paths (path → record) and errors (path → detail).</summary>
    public static JsonNode Snapshot(string html)
    {
        var json = Embedded().Match(html);
        Assert.That(json.Success, Is.True, "the page embeds its snapshot");
        return JsonNode.Parse(json.Groups[1].Value)!;
    }

    /// <summary>The saved tearsheet record (GET /api/tearsheet/?runs=…).</summary>
    public static JsonNode Tearsheet(JsonNode snapshot) =>
        snapshot["paths"]!.AsObject().Single(p => p.Key.StartsWith("/api/tearsheet/", StringComparison.Ordinal)).Value!;

    /// <summary>Opens the saved file with the network off and waits for its view (report or study) to be ready.</summary>
    public static async Task Open(DevToolsBrowser browser, string file, string view)
    {
        await browser.Offline();
        await browser.Evaluate("window.recorderPage = null");
        await browser.Navigate(new Uri(file));
        await browser.WaitFor($"window.recorderPage && window.recorderPage.ready && window.recorderPage.view === '{view}' && document.readyState === 'complete'", TimeSpan.FromSeconds(60));
    }

    /// <summary>A screenshot of the page scrolled to an element, saved in the test's folder (report-NAME.png) and attached.</summary>
    public static async Task<PngImage> Shot(DevToolsBrowser browser, string name, string? selector = null)
    {
        if (selector is not null)
        {
            await browser.Evaluate($"document.querySelector('{selector.Replace("'", "\\'", StringComparison.Ordinal)}').scrollIntoView({{block: 'start'}})");
        }

        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "report-" + name + ".png");
        await browser.Screenshot(path);
        TestContext.AddTestAttachment(path);
        return PngImage.Read(path);
    }

    /// <summary>An element's box on the screen, in whole pixels.</summary>
    public static async Task<(int X0, int Y0, int X1, int Y1)> Box(DevToolsBrowser browser, string selector)
    {
        var r = (await browser.Evaluate($"(() => {{ const r = document.querySelector('{selector.Replace("'", "\\'", StringComparison.Ordinal)}').getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }})()"))!;
        return ((int)(double)r[0]!, (int)(double)r[1]!, (int)(double)r[2]!, (int)(double)r[3]!);
    }

    /// <summary>The texts of the elements a selector finds.</summary>
    public static async Task<List<string>> Texts(DevToolsBrowser browser, string selector) =>
        (await browser.Evaluate($"[...document.querySelectorAll('{selector.Replace("'", "\\'", StringComparison.Ordinal)}')].map(e => e.textContent)"))!.AsArray().Select(n => (string)n!).ToList();

    [GeneratedRegex("<script type=\"application/json\" id=\"recorder-snapshot\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex Embedded();
}
