using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Storage.PostgreSql;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Server;
using QuantowerRecorder.Tests.Support;
using CliRunner = QuantowerRecorder.Tests.Cli.Cli;

namespace QuantowerRecorder.Tests.Team;

/// <summary>
/// GET /api/changes on a server over the team store (a real PostgreSQL): a page that follows it is told the runs the
/// pushes of other terminals bring, as over a file; a database that cannot be read is a problem, not a crash.
/// </summary>
[TestFixture]
[Category("PostgreSQL")]
public sealed class TeamChangesTests
{
    [Test]
    public async Task A_page_following_the_team_store_is_told_the_runs_a_later_push_brings_and_their_end()
    {
        using var team = PostgresServer.CreateDatabase();
        using var first = new TempDatabase();
        PushEndedRun(team, first);

        await using var server = await TestServer.StartAsync("team", configure: o => o with
        {
            OpenReader = () => TeamStore.OpenRead(team.ConnectionString),
            ChangeStamp = () => TeamStore.PushStamp(team.ConnectionString),
        });
        await using var stream = await ChangeStream.OpenAsync(server.Client);
        var health = JsonNode.Parse(await server.Client.GetStringAsync("/api/health"))!;
        Assert.That((int?)health["followers"], Is.EqualTo(1));

        // Another terminal pushes a run still running, then its end.
        using var second = new TempDatabase();
        var late = new Scenario(source: RunSource.Live);
        Recorded.Write(second.Path, late.Start());
        Assert.That(CliRunner.Run(second.Folder, "push", "--to", team.ConnectionString, second.Path).ExitCode, Is.Zero);
        var pushed = await stream.Next("file");
        Assert.That((pushed["file_bytes"], pushed["wal_bytes"]), Is.EqualTo(((JsonNode?)null, (JsonNode?)null)), "a database has no file sizes");
        var running = await stream.Next("run", r => (string?)r["run_id"] == late.RunId);
        Assert.That((string?)running["status"], Is.EqualTo("RUNNING"));

        Recorded.Write(second.Path, [late.End()]);
        Assert.That(CliRunner.Run(second.Folder, "push", "--to", team.ConnectionString, second.Path).ExitCode, Is.Zero);
        var ended = await stream.Next("run", r => (string?)r["run_id"] == late.RunId && (string?)r["status"] != "RUNNING");
        Assert.That((string?)ended["status"], Is.EqualTo("COMPLETED"));
    }

    [Test]
    public async Task A_team_database_that_cannot_be_read_is_a_problem_on_the_stream_and_the_server_goes_on()
    {
        using var team = PostgresServer.CreateDatabase();
        using var file = new TempDatabase();
        PushEndedRun(team, file);
        var readable = true;

        await using var server = await TestServer.StartAsync("team", configure: o => o with
        {
            OpenReader = () => TeamStore.OpenRead(team.ConnectionString),
            ChangeStamp = () => readable ? TeamStore.PushStamp(team.ConnectionString) : TeamStore.PushStamp("Host=127.0.0.1;Port=1;Database=gone;Username=x;Password=secret;Timeout=2"),
        });
        await using var stream = await ChangeStream.OpenAsync(server.Client);
        readable = false;
        var problem = await stream.Next("problem");
        Assert.That((string?)problem["detail"], Does.StartWith("the server could not read the team database: ").And.Not.Contain("secret"));
        readable = true;
        var back = await stream.Next("file");
        Assert.That((bool?)back["recovered"], Is.True);
        Assert.That((await server.Client.GetAsync("/api/runs/")).IsSuccessStatusCode, Is.True);
    }

    // A file holding one ended backtest, pushed to the team database.
    private static void PushEndedRun(TeamDatabase team, TempDatabase file)
    {
        var run = new Scenario(source: RunSource.Backtest);
        Recorded.Write(file.Path, run.Start().Append(run.End()));
        Assert.That(CliRunner.Run(file.Folder, "push", "--to", team.ConnectionString, file.Path).ExitCode, Is.Zero);
    }
}
