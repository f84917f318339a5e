using System.Net;
using NUnit.Framework;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Queries.Sql;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

/// <summary>The run page's calls: each request answers from one read transaction of its own reader.</summary>
[TestFixture]
public sealed class RunViewSnapshotTests
{
    [Test]
    public async Task Each_call_of_the_run_view_reads_in_one_read_transaction()
    {
        using var db = DemoFiles.Create();
        var opened = new List<IRecorderReader>();
        await using var server = await TestServer.StartAsync(db.Path, configure: o => o with
        {
            OpenReader = () =>
            {
                var reader = RecorderStore.OpenRead(db.Path);
                lock (opened)
                {
                    opened.Add(reader);
                }

                return reader;
            },
        });
        var paper = DemoFiles.TraderRuns(db.Path, "PAPER")[0];
        var backtest = DemoFiles.TraderRuns(db.Path, "BACKTEST")[0];
        string[] paths =
        [
            $"/api/runs/{paper}", $"/api/runs/{backtest}", $"/api/executions/run/{paper}", $"/api/runs/{paper}/trades",
            $"/api/runs/{paper}/equity", $"/api/runs/{paper}/oco", $"/api/runs/{paper}/orders", $"/api/runs/{paper}/benchmark",
            $"/api/runs/{paper}/journal", $"/api/runs/{paper}/drift", $"/api/bars/?run_id={paper}",
            $"/api/runs/{backtest}/whatif?stops=8t,16t&targets=12t",
        ];
        foreach (var path in paths)
        {
            lock (opened)
            {
                opened.Clear();
            }

            var response = await server.Client.GetAsync(path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path + ": " + await response.Content.ReadAsStringAsync());
            lock (opened)
            {
                Assert.That(opened.Select(r => ((SqlRecorderReader)r).ReadTransactions), Is.EqualTo(new[] { 1L }), path);
            }
        }
    }
}
