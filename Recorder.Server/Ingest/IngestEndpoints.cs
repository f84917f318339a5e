using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using QuantowerRecorder.Server.Api;
using QuantowerRecorder.Server.Hosting;
using QuantowerRecorder.Storage.Ingest;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Server.Ingest;

/// <summary>
/// POST /api/ingest/event/{kind} and /api/ingest/batch: bearer token, JSON only, size limits; 202 when queued, 200 with
/// <c>?wait=true</c> once committed; 400 problem+json naming the field; 404 for an event of an unknown run.
/// </summary>
internal static class IngestEndpoints
{
    public static void Map(IEndpointRouteBuilder app, IngestPipeline pipeline, IngestToken token, ServerOptions options)
    {
        var ingest = app.MapGroup("/api/ingest").AddEndpointFilter(async (context, next) =>
            token.Accepts(context.HttpContext.Request.Headers.Authorization.ToString())
                ? await next(context).ConfigureAwait(false)
                : Unauthorized(context.HttpContext));

        foreach (var (path, eventType) in IngestKinds.EventTypeOfPath)
        {
            ingest.MapPost("/event/" + path, (HttpContext http, CancellationToken cancel) =>
                    WithBody(http, lines: false, options.MaxEventBytes, "an event's", body => One(http, body, eventType, pipeline, options), cancel))
                .Describe<IngestReply>($"One {eventType} event (docs/events.md); 202 queued, 200 committed with ?wait=true.", StatusCodes.Status202Accepted)
                .WithMetadata(new QueryParameters("wait"));
        }

        ingest.MapPost("/batch", (HttpContext http, CancellationToken cancel) =>
                WithBody(http, lines: true, options.MaxBatchBytes, "a batch's", body => Batch(http, body, pipeline, options), cancel))
            .Describe<IngestReply>("Events as JSON lines (docs/events.md), all or none; 202 queued, 200 committed with ?wait=true.", StatusCodes.Status202Accepted)
            .WithMetadata(new QueryParameters("wait"));
    }

    private static IResult Unauthorized(HttpContext http)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Status(StatusCodes.Status401Unauthorized, "Missing or wrong token",
            "Ingest needs 'Authorization: Bearer <token>': the token `recorder serve --ingest` printed at start and wrote to <db>.token.");
    }

    // JSON only, and no more bytes than the route's limit: the checks a single event and a batch share.
    private static async Task<IResult> WithBody(HttpContext http, bool lines, int maxBytes, string whose, Func<ReadOnlyMemory<byte>, IResult> read,
        CancellationToken cancel)
    {
        if (!RequestBody.IsJson(http.Request, lines))
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "JSON only",
                "Content-Type must be " + (lines ? "application/x-ndjson (or application/json), one event per line" : "application/json") + ".");
        }

        // The events are read out of the body before the answer: it goes back to the pool once answered.
        using var body = await RequestBody.ReadPooledAsync(http.Request, maxBytes, cancel).ConfigureAwait(false);
        return body is null ? TooLarge($"{whose} body is at most {maxBytes} bytes") : read(body.Bytes);
    }

    private static IResult One(HttpContext http, ReadOnlyMemory<byte> body, string eventType, IngestPipeline pipeline, ServerOptions options)
    {
        var read = pipeline.Read(body, eventType);
        return read.Event is { } e ? Accept(http, [e], pipeline, options) : Problems.BadEvent(read.Error!, read.Field);
    }

    private static IResult Batch(HttpContext http, ReadOnlyMemory<byte> body, IngestPipeline pipeline, ServerOptions options)
    {
        // All or nothing: one bad line refuses the batch, so a client never has to find out which events were kept.
        var events = new List<RecorderEvent>();
        long lineNumber = 0;
        foreach (var line in ByteLines.Of(body))
        {
            lineNumber++;
            if (ByteLines.IsBlank(line.Span))
            {
                continue;
            }

            if (events.Count == options.MaxBatchEvents)
            {
                return TooLarge($"a batch holds at most {options.MaxBatchEvents} events");
            }

            var read = pipeline.Read(line, eventType: null);
            if (read.Event is not { } e)
            {
                return Problems.BadEvent($"line {lineNumber}: {read.Error}", read.Field, lineNumber);
            }

            events.Add(e);
        }

        if (events.Count == 0)
        {
            return Problems.BadEvent("the batch holds no event (one JSON object per line, docs/events.md)", null);
        }

        return Accept(http, events, pipeline, options);
    }

    private static IResult Accept(HttpContext http, IReadOnlyList<RecorderEvent> events, IngestPipeline pipeline, ServerOptions options)
    {
        var startedHere = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e is RunStarted)
            {
                startedHere.Add(e.RunId);
            }
            else if (!pipeline.RunIsKnown(e, startedHere))
            {
                return Problems.NotFound("run", e.RunId,
                    $"run '{e.RunId}' is not in {Path.GetFileName(options.DatabasePath)} and was not started through this server: send its run_start first (after strategy_create and instance_create).");
            }
        }

        var gaveWay = pipeline.Record(events);
        var wait = string.Equals(http.Request.Query["wait"], "true", StringComparison.OrdinalIgnoreCase);
        if (!wait)
        {
            return TypedResults.Json(new IngestReply("queued", events.Count, gaveWay), statusCode: StatusCodes.Status202Accepted);
        }

        var flushed = pipeline.Session.Flush(options.WaitTimeout);
        return flushed.Completed
            ? TypedResults.Json(new IngestReply("committed", events.Count, gaveWay), statusCode: StatusCodes.Status200OK)
            : Problems.Status(StatusCodes.Status504GatewayTimeout, "Queued, not yet committed",
                string.Create(CultureInfo.InvariantCulture, $"the events are queued and will be written; {flushed.Pending} event(s) still waited after {options.WaitTimeout.TotalSeconds} s: {flushed.Message}"));
    }

    private static IResult TooLarge(string detail) =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "Too large", detail + "; split it into several requests.");
}

/// <summary>The answer to an accepted ingest: queued (202) or committed (200, <c>?wait=true</c>).</summary>
internal sealed record IngestReply(string Status, int Events, int GaveWay);
