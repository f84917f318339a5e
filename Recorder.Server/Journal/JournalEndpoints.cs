using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Server.Api;
using QuantowerRecorder.Server.Hosting;
using QuantowerRecorder.Server.Ingest;
using QuantowerRecorder.Storage.Journal;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Server.Journal;

/// <summary>
/// A run's or study's journal over HTTP (docs/http.md, "Journal"): GET always; with `serve --write`, POST a note, tags or
/// a pin — the same protection as ingest (loopback, the server's bearer token; no CORS), written through Storage's
/// journal writer, answered with the journal as it is then.
/// </summary>
internal static class JournalEndpoints
{
    private const int MaxBody = 64 * 1024;

    public static void MapRead(IEndpointRouteBuilder app, Func<IRecorderReader> open)
    {
        app.MapGet("/api/runs/{run_id}/journal", (string run_id) => Read(open, r => Run(r, run_id)))
            .Describe<JournalRecord>("The run's journal: its tags, its pin and every note and act, oldest first.");
        app.MapGet("/api/studies/{id}/journal", (string id) => Read(open, r => Study(r, id)))
            .Describe<JournalRecord>("A study's journal (the study by id, id prefix or name).");
    }

    public static void MapWrite(IEndpointRouteBuilder app, Func<IRecorderReader> open, ServerOptions options, IngestToken token)
    {
        var write = app.MapGroup("/api").AddEndpointFilter(async (context, next) =>
            token.Accepts(context.HttpContext.Request.Headers.Authorization.ToString())
                ? await next(context).ConfigureAwait(false)
                : Unauthorized(context.HttpContext));
        MapWrite(write, "/runs/{run_id}/journal", "run_id", Run, open, options);
        MapWrite(write, "/studies/{id}/journal", "id", Study, open, options);
    }

    private static void MapWrite(RouteGroupBuilder write, string prefix, string parameter,
        Func<IRecorderReader, string, (JournalSubject?, IResult?)> subject, Func<IRecorderReader> open, ServerOptions options)
    {
        string Id(HttpContext http) => (string)http.Request.RouteValues[parameter]!;
        write.MapPost(prefix + "/notes", (HttpContext http, CancellationToken cancel) =>
                Write<NoteBody>(http, open, options, Id(http), subject, (journal, about, body, author) => journal.Note(about, body.Text ?? "", author), cancel))
            .Describe<JournalRecord>("Adds a note (text, up to 4,000 characters); the journal as it is then.")
            .WithMetadata(new RequestBodyOf(typeof(NoteBody)));
        write.MapPost(prefix + "/tags", (HttpContext http, CancellationToken cancel) =>
                Write<TagsBody>(http, open, options, Id(http), subject, (journal, about, body, author) => journal.Tag(about, body.Add ?? [], body.Remove ?? [], author), cancel))
            .Describe<JournalRecord>("Puts tags on (add) and takes tags off (remove); the journal as it is then.")
            .WithMetadata(new RequestBodyOf(typeof(TagsBody)));
        write.MapPost(prefix + "/pin", (HttpContext http, CancellationToken cancel) =>
                Write<PinBody>(http, open, options, Id(http), subject, (journal, about, body, author) => body.Pinned is { } pinned
                    ? journal.Pin(about, pinned, author)
                    : throw new ArgumentException("pinned: missing (true to pin, false to unpin)", "pinned"), cancel))
            .Describe<JournalRecord>("Pins (pinned: true) or unpins (false); the journal as it is then.")
            .WithMetadata(new RequestBodyOf(typeof(PinBody)));
    }

    private static IResult Read(Func<IRecorderReader> open, Func<IRecorderReader, (JournalSubject? Subject, IResult? Problem)> find)
    {
        using var reader = open();
        return reader.InSnapshot(r =>
        {
            var (subject, problem) = find(r);
            return problem ?? TypedResults.Json(JournalRecord.Of(r.Journal.Of(subject!)), ContractJson.Options);
        });
    }

    private static (JournalSubject?, IResult?) Run(IRecorderReader reader, string id) => reader.Runs.Get(id) is null
        ? (null, Problems.NotFound("run", id, $"no run '{id}' in this file (GET /api/runs/ lists them)"))
        : (JournalSubject.Run(id), null);

    private static (JournalSubject?, IResult?) Study(IRecorderReader reader, string id)
    {
        var matches = reader.Studies.Match(id);
        return matches.Count switch
        {
            1 => (JournalSubject.Study(matches[0].StudyId), null),
            0 => (null, Problems.NotFound("study", id, $"no study '{id}' in this file (GET /api/studies/ lists them)")),
            _ => (null, Problems.BadQuery("id", $"'{id}' matches {matches.Count} studies; give more of the id or the whole name")),
        };
    }

    private static async Task<IResult> Write<T>(HttpContext http, Func<IRecorderReader> open, ServerOptions options, string id,
        Func<IRecorderReader, string, (JournalSubject?, IResult?)> find, Func<IJournalWriter, JournalSubject, T, string, JournalChange> write, CancellationToken cancel)
        where T : class
    {
        if (!RequestBody.IsJson(http.Request, lines: false))
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "JSON only", "Content-Type must be application/json.");
        }

        var bytes = await RequestBody.ReadAsync(http.Request, MaxBody, cancel).ConfigureAwait(false);
        if (bytes is null)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, "Too large", $"a journal body is at most {MaxBody} bytes");
        }

        T? body;
        try
        {
            body = JsonSerializer.Deserialize<T>(bytes, ContractJson.Options);
        }
        catch (JsonException e)
        {
            var field = e.Path?.TrimStart('$', '.') is { Length: > 0 } path ? path : null;
            return Problems.BadBody($"{field ?? "body"}: {Expected(field?.Split('[')[0])}", field);
        }

        if (body is null)
        {
            return Problems.BadBody("not a JSON object", null);
        }

        JournalSubject subject;
        using (var reader = open())
        {
            var (found, problem) = find(reader, id);
            if (problem is not null)
            {
                return problem;
            }

            subject = found!;
        }

        try
        {
            // A request waits a few seconds for another writer's lock, then answers 503 (the file's own message).
            using var journal = RecorderStore.OpenJournal(options.DatabasePath, options.Time, TimeSpan.FromSeconds(5));
            write(journal, subject, body, Author(body));
        }
        catch (ArgumentException e)
        {
            return Problems.BadBody(e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal), e.ParamName == "pinned" ? "pinned" : null);
        }

        using var after = open();
        return TypedResults.Json(JournalRecord.Of(after.Journal.Of(subject)), ContractJson.Options);
    }

    // What each field of the bodies takes, in the words of docs/http.md (never a .NET type).
    private static string Expected(string? field) => field switch
    {
        "text" => "a note is a JSON string",
        "author" => "an author is a JSON string",
        "pinned" => "pinned is true or false",
        "add" or "remove" => field + " is a list of tags, such as [\"keep\"]",
        _ => "not JSON, or not the object this route takes",
    };

    // Who writes from the page: the body's author, else the user who started `recorder serve` (its token's holder).
    private static string Author(object body) => (body switch
    {
        NoteBody n => n.Author,
        TagsBody t => t.Author,
        PinBody p => p.Author,
        _ => null,
    }) is { Length: > 0 } given ? given : Environment.UserName;

    private static IResult Unauthorized(HttpContext http)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Status(StatusCodes.Status401Unauthorized, "Missing or wrong token",
            "Writing the journal needs 'Authorization: Bearer <token>': the token `recorder serve --write` printed at start (the page takes it from the address printed with it) and wrote to <db>.token.");
    }
}
