using QuantowerRecorder.Server.Api;

namespace QuantowerRecorder.Server.Page;

/// <summary>
/// What the CLI's offline HTML reports share with the page: the same shipped chart library and study surface drawing (inlined there, so there
/// is one copy of it in the product) and the metrics' definitions read from docs/metrics.md.
/// </summary>
public static class ReportAssets
{
    /// <summary>The lightweight-charts version shipped under wwwroot/vendor.</summary>
    public static string ChartLibraryVersion => Read("vendor/lightweight-charts/VERSION").Trim();

    /// <summary>The standalone build of lightweight-charts, its licence comment included.</summary>
    public static string ChartLibraryScript => Read("vendor/lightweight-charts/lightweight-charts.standalone.production.js");

    /// <summary>The page's drawing of a study's surfaces (wwwroot/surface.js), inlined in the study report.</summary>
    public static string SurfaceScript => Read("surface.js");

    /// <summary>The definition of a stored metric as docs/metrics.md gives it, or null for an unknown key.</summary>
    public static string? MetricDefinition(string key) => MetricDefinitions.All.TryGetValue(key, out var d) ? d.Text : null;

    private static string Read(string file)
    {
        using var stream = StaticAssets.Open(file) ?? throw new InvalidOperationException($"The server assembly does not embed {file}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
