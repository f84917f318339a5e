using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace QuantowerRecorder.Server.Watching;

/// <summary>
/// GET /api/changes: the file's changes as server-sent events (text/event-stream), from the server's one
/// <see cref="ChangeFeed"/>; the stream lasts until the client goes (then it is forgotten) or the server stops.
/// </summary>
internal static class ChangeEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ChangeFeed feed)
    {
        app.MapGet("/api/changes", (HttpContext http, CancellationToken cancel) => Follow(http, feed, cancel))
            .WithSummary("The file's changes as server-sent events: file (it changed), run (a run's record changed, as GET /api/runs/ gives it), problem (the file cannot be read now).");
    }

    private static async Task Follow(HttpContext http, ChangeFeed feed, CancellationToken cancel)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        using var follower = feed.Follow();
        try
        {
            // The browser reconnects 2 s after a stream ends; the comment tells a client it is following now.
            await http.Response.WriteAsync("retry: 2000\n: following\n\n", cancel).ConfigureAwait(false);
            await http.Response.Body.FlushAsync(cancel).ConfigureAwait(false);
            await foreach (var e in follower.Events.ReadAllAsync(cancel).ConfigureAwait(false))
            {
                await http.Response.WriteAsync(e.Text, cancel).ConfigureAwait(false);
                await http.Response.Body.FlushAsync(cancel).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The client went away: the follower is forgotten on the way out.
        }
    }
}
