using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Server.Api;
using QuantowerRecorder.Server.Ingest;
using QuantowerRecorder.Server.Journal;
using QuantowerRecorder.Page;
using QuantowerRecorder.Server.Page;
using QuantowerRecorder.Server.Reading;
using QuantowerRecorder.Server.Watching;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Server.Hosting;

/// <summary>
/// One running `recorder serve`: Kestrel on the chosen address, the read API, the page and, with ingest, a
/// <see cref="RecorderSession"/> on the file. <see cref="DisposeAsync"/> stops taking requests, then closes the session
/// within its time budget (what it could not write stays in the spill file, as for the plugin).
/// </summary>
public sealed class RecorderServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly RecorderSession? session;
    private readonly IDisposable? keeper;
    private readonly ServerOptions options;
    private int disposed;

    private RecorderServer(WebApplication app, RecorderSession? session, IDisposable? keeper, IngestToken? token, Uri address, ServerOptions options)
    {
        this.app = app;
        this.session = session;
        this.keeper = keeper;
        this.options = options;
        Token = token;
        Address = address;
    }

    /// <summary>Where it listens, e.g. http://127.0.0.1:5117/.</summary>
    public Uri Address { get; }

    /// <summary>The watch of the file behind GET /api/changes; null for another store (tests count its followers).</summary>
    internal ChangeFeed? Changes => app.Services.GetService<ChangeFeed>();

    /// <summary>The routes mapped (for the test that keeps /openapi.json true).</summary>
    internal IEnumerable<RouteEndpoint> Endpoints => Routes(app);

    /// <summary>Null without ingest or write; otherwise also in the file beside the database until the server stops.</summary>
    public IngestToken? Token { get; }

    /// <summary>
    /// With --write, the page's address carrying the token in its fragment (never sent to the server, so never in a
    /// log): a page opened from it edits the journal; one opened without it reads (docs/http.md, "Journal").
    /// </summary>
    public Uri? WriteAddress => options.Write && Token is { } token ? new Uri(Address, "/#write=" + token.Value) : null;

    public static async Task<RecorderServer> StartAsync(ServerOptions options, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        // The session opens (and checks the file) while Kestrel starts: together they stay under a second.
        Task<RecorderSession>? opening = null;
        IDisposable? keeper = null;
        IngestToken? token = null;
        if (options.Ingest && options.OpenReader is not null)
        {
            throw new ArgumentException("ingest writes a recorder file; a server reading another store cannot take events", nameof(options));
        }

        if (options.Write && options.OpenReader is not null)
        {
            throw new ArgumentException("--write writes a recorder file's journal; the team store's journal comes from files by push", nameof(options));
        }

        if (options.OpenReader is { } open)
        {
            // Fails now, with the store's own message, rather than at the first request.
            open().Dispose();
        }
        else if (options.Ingest)
        {
            opening = Task.Run(() => RecorderSession.Open(options.DatabasePath, new RecorderOptions { Time = options.Time }), cancel);
        }
        else
        {
            // Fails now, with the file's own message, rather than at the first request; then kept open while the server
            // runs. Each request reads on a connection of its own, and the last connection to close a file checkpoints
            // and removes its log under an exclusive lock: a request opening meanwhile was refused as busy, which the
            // driver answers by sleeping 150 ms (a run page's concurrent requests met it at their 99th percentile). With
            // this one open, no request's connection is the last; the log is tidied away when the server stops.
            keeper = DatabaseFile.OpenForReading(options.DatabasePath);
        }

        // One token for whatever writes: ingest and the journal.
        if (options.Ingest || options.Write)
        {
            token = IngestToken.Create();
        }

        WebApplication? app = null;
        try
        {
            app = Build(options, opening, token);
            await app.StartAsync(cancel).ConfigureAwait(false);
            var session = opening is null ? null : await opening.ConfigureAwait(false);
            token?.WriteBeside(options.DatabasePath);
            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new RecorderServer(app, session, keeper, token, new Uri(bound + "/"), options);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            keeper?.Dispose();

            if (opening is not null)
            {
                // Whatever went wrong, a session that did open is closed; a failed open has already said why.
                await Task.WhenAny(opening).ConfigureAwait(false);
                if (opening.IsCompletedSuccessfully)
                {
                    opening.Result.Dispose();
                }
            }

            throw;
        }
    }

    private static WebApplication Build(ServerOptions options, Task<RecorderSession>? session, IngestToken? token)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(RecorderServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(options.Address, options.Port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 4L * Math.Max(options.MaxBatchBytes, options.MaxEventBytes);
        });
        builder.Services.ConfigureHttpJsonOptions(json => ContractJson.Configure(json.SerializerOptions));
        builder.Services.AddProblemDetails();
        var openReader = options.OpenReader ?? (() => RecorderStore.OpenRead(options.DatabasePath));
        if (options.OpenReader is null)
        {
            // One watch of the file for every page that follows it; stopped with the server (ApplicationStopping, below).
            builder.Services.AddSingleton(new ChangeFeed(options.DatabasePath, openReader, options.Time, options.WatchInterval));
        }
        else if (options.ChangeStamp is { } stamp)
        {
            // Another store (the team database) followed by the stamp its caller gave.
            builder.Services.AddSingleton(ChangeFeed.OfStore(stamp, openReader, options.Time, options.WatchInterval));
        }

        var app = builder.Build();
        app.Use(async (http, next) => await RequestLog.Handle(http, next, options).ConfigureAwait(false));

        ReadEndpoints.Map(app, openReader);
        if (app.Services.GetService<ChangeFeed>() is { } feed)
        {
            ChangeEndpoints.Map(app, feed);
            // The streams end when the server stops, rather than holding its stop for its whole time budget.
            app.Lifetime.ApplicationStopping.Register(feed.Dispose);
        }

        var changes = app.Services.GetService<ChangeFeed>();
        app.MapGet("/api/health", () => TypedResults.Json(HealthDocument.Of(openReader, options.OpenReader is null ? Path.GetFileName(options.DatabasePath) : options.DatabasePath, session?.Result, options.Write, changes), ContractJson.Options))
            .Describe<Dictionary<string, object?>>("Schema version, row counts, whether the journal takes edits (--write), the pages following the file's changes and, with --ingest, the writer's counters.");
        JournalEndpoints.MapRead(app, openReader);
        if (options.Write)
        {
            JournalEndpoints.MapWrite(app, openReader, options, token!);
        }

        app.MapGet("/api/metrics/definitions", () => TypedResults.Json(MetricDefinitions.All, ContractJson.Options))
            .Describe<IReadOnlyDictionary<string, MetricDefinitions.Definition>>("Each run metric's definition, as docs/metrics.md gives it.");
        // Written on first request, when every route is mapped: the description is of the routes as they are.
        var openApi = new Lazy<string>(() => OpenApiDocument.Build(Routes(app), ContractJson.Options));
        app.MapGet("/openapi.json", () => Results.Text(openApi.Value, "application/json")).WithSummary("This description.");
        if (session is not null)
        {
            IngestEndpoints.Map(app, new IngestPipeline(session, options.DatabasePath), token!, options);
        }

        StaticAssets.Map(app);
        return app;
    }

    private static IEnumerable<RouteEndpoint> Routes(IEndpointRouteBuilder app) => app.DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>();

    /// <summary>Stops taking requests, then flushes and closes the session; a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        using (var budget = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await app.StopAsync(budget.Token).ConfigureAwait(false);
        }

        await app.DisposeAsync().ConfigureAwait(false);
        keeper?.Dispose();
        session?.Close(TimeSpan.FromSeconds(30));
        if (Token is not null)
        {
            File.Delete(IngestToken.PathFor(options.DatabasePath));
        }
    }
}
