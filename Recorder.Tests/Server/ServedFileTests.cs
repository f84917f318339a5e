using System.Net;
using NUnit.Framework;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

/// <summary>
/// A server reading a file keeps it open while it runs: each request reads on a connection of its own, and the last
/// connection to close a file checkpoints and removes its log under an exclusive lock, which made a request opening at
/// that moment wait 150 ms as busy. The log stays between requests and goes when the server stops.
/// </summary>
[TestFixture]
public sealed class ServedFileTests
{
    [Test]
    public async Task A_served_file_stays_open_between_a_pages_concurrent_requests_and_is_tidied_away_when_the_server_stops()
    {
        using var db = DemoFiles.Create();
        var runId = Db.Scalar<string>(db.Path, "SELECT run_id FROM strategy_runs ORDER BY start_utc, run_id LIMIT 1");
        string[] paths = [$"/api/runs/{runId}", $"/api/executions/run/{runId}", $"/api/runs/{runId}/trades", $"/api/runs/{runId}/equity",
            $"/api/runs/{runId}/oco", $"/api/runs/{runId}/orders"];
        var server = await TestServer.StartAsync(db.Path);
        try
        {
            for (var round = 0; round < 5; round++)
            {
                var responses = await Task.WhenAll(paths.Select(p => server.Client.GetAsync(p)));
                Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
                Assert.That((File.Exists(db.Path + "-wal"), File.Exists(db.Path + "-shm")), Is.EqualTo((true, true)),
                    "no request's connection was the file's last: its log is still there");
            }
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.That((File.Exists(db.Path + "-wal"), File.Exists(db.Path + "-shm")), Is.EqualTo((false, false)),
            "the server's own connection, closed last, tidied the log away");
    }
}
