using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using QuantowerRecorder.Page;

namespace QuantowerRecorder.Server.Page;

/// <summary>
/// The page and its files, served from Recorder.Page's embedded wwwroot (<see cref="PageAssets"/>): nothing from the
/// network, nothing from disk.
/// </summary>
internal static class StaticAssets
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext http) => Serve(http, "index.html"));
        app.MapGet("/assets/{**file}", (HttpContext http, string file) => Serve(http, file));
    }

    private static IResult Serve(HttpContext http, string file)
    {
        var stream = PageAssets.Open(file);
        if (stream is null)
        {
            return Results.NotFound();
        }

        // The page loads only its own files and talks only to this server. Inline styles are allowed because the chart
        // library sizes its canvases through style attributes; scripts stay limited to the page's own files.
        http.Response.Headers.ContentSecurityPolicy =
            "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Stream(stream, ContentType(file));
    }

    private static string ContentType(string file) => Path.GetExtension(file) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "text/plain; charset=utf-8",
    };
}
