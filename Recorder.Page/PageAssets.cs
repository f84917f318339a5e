using System.Reflection;

namespace QuantowerRecorder.Page;

/// <summary>
/// The page's files, embedded from wwwroot: what `recorder serve` serves under /assets/ and what `recorder report`
/// inlines into a saved page, so both show the same files (and one copy of the chart library is in the product).
/// </summary>
public static class PageAssets
{
    private static readonly Assembly Self = typeof(PageAssets).Assembly;

    // Logical names use '/', whatever the build machine's separator was.
    private static readonly Dictionary<string, string> Names = Self.GetManifestResourceNames()
        .Where(n => n.StartsWith("wwwroot", StringComparison.Ordinal))
        .ToDictionary(n => n.Replace('\\', '/')["wwwroot/".Length..], n => n, StringComparer.Ordinal);

    /// <summary>The lightweight-charts file as the npm package ships it, under wwwroot.</summary>
    public const string ChartLibraryFile = "vendor/lightweight-charts/lightweight-charts.standalone.production.js";

    /// <summary>The lightweight-charts version shipped under wwwroot/vendor.</summary>
    public static string ChartLibraryVersion => Read("vendor/lightweight-charts/VERSION").Trim();

    /// <summary>A file of wwwroot ("app.js", "vendor/…"), or null when the page has no such file.</summary>
    public static Stream? Open(string file) => Names.TryGetValue(file, out var name) ? Self.GetManifestResourceStream(name) : null;

    /// <summary>A file of wwwroot as text (UTF-8).</summary>
    public static string Read(string file)
    {
        using var stream = Open(file) ?? throw new InvalidOperationException($"The page does not embed {file}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
