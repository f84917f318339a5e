using System.Net.Http.Headers;
using System.Text;
using QuantowerRecorder.Server.Hosting;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

/// <summary>A real `recorder serve` (Kestrel on a free loopback port) on a real file, with a client for it.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly StringWriter log;

    private TestServer(RecorderServer server, string databasePath, StringWriter log)
    {
        this.log = log;
        Server = server;
        DatabasePath = databasePath;
        Client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public RecorderServer Server { get; }

    public string DatabasePath { get; }

    public HttpClient Client { get; }

    /// <summary>The server's log so far (it locks the writer while writing a line).</summary>
    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    public static async Task<TestServer> StartAsync(string databasePath, bool ingest = false, Func<ServerOptions, ServerOptions>? configure = null, TimeProvider? time = null)
    {
        var writer = new StringWriter();
        var options = new ServerOptions
        {
            DatabasePath = databasePath, Port = 0, Ingest = ingest, Log = writer,
            Time = time ?? new TestClock(new DateTimeOffset(Scenario.T0)),
        };
        var server = await RecorderServer.StartAsync(configure is null ? options : configure(options));
        return new TestServer(server, databasePath, writer);
    }

    /// <summary>POSTs a body with the server's token (or the one given).</summary>
    public Task<HttpResponseMessage> PostAsync(string path, string body, string contentType = "application/json", string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var bearer = token ?? Server.Token?.Value;
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return Client.SendAsync(request);
    }

    /// <summary>The single-event path of an event (the design's names and ours).</summary>
    public static string PathOf(RecorderEvent e) => "/api/ingest/event/" + e switch
    {
        StrategyDefined => "strategy_create", InstanceDefined => "instance_create", RunStarted => "run_start", RunEnded => "run_end",
        RunProgress => "progress", OrderSnapshot => "order", ExecutionRecorded => "execution", OcoGroupDefined => "oco_group",
        OcoLinkAdded => "oco_link", SeriesDefined => "series", BarRecorded => "bar", InstrumentDefined => "instrument",
        _ => throw new ArgumentOutOfRangeException(nameof(e)),
    };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
