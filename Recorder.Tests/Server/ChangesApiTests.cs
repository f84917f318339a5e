using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

/// <summary>
/// GET /api/changes on a real server over a real file: a run recorded meanwhile is told as it changes, a client that
/// goes is forgotten, and a file taken away is a problem the stream survives.
/// </summary>
[TestFixture]
public sealed class ChangesApiTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Test]
    public async Task A_running_run_s_trades_and_its_end_are_told_as_run_events_after_a_file_event()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Live);
        Recorded.Write(db.Path, s.Start());
        await using var server = await TestServer.StartAsync(db.Path);
        await using var stream = await ChangeStream.OpenAsync(server.Client);

        // The writer's close analyses the running run: its trade and PnL are in the file, the run still RUNNING.
        Recorded.Write(db.Path, RoundTrip(s));
        await stream.Next("file");
        var traded = await stream.Next("run", r => (string?)r["run_id"] == s.RunId && (double?)r["trade_count"] == 1);
        Assert.That((string?)traded["status"], Is.EqualTo("RUNNING"));
        Assert.That((long?)traded["execution_count"], Is.EqualTo(2));
        var stored = JsonNode.Parse(await server.Client.GetStringAsync("/api/runs/" + s.RunId))!;
        Assert.That((double?)traded["net_pnl"], Is.Not.Null.And.EqualTo((double?)stored["net_pnl"]), "the PnL the API gives now");
        Assert.That((string?)traded["analysis_as_of_utc"], Is.Not.Null);

        Recorded.Write(db.Path, [s.End()]);
        var ended = await stream.Next("run", r => (string?)r["run_id"] == s.RunId && (string?)r["status"] != "RUNNING");
        Assert.That((string?)ended["status"], Is.EqualTo("COMPLETED"));
    }

    [Test]
    public async Task A_client_that_goes_away_is_forgotten()
    {
        using var db = new TempDatabase();
        Recorded.Write(db.Path, new Scenario().Start());
        await using var server = await TestServer.StartAsync(db.Path);
        var feed = server.Server.Changes!;

        var first = await ChangeStream.OpenAsync(server.Client);
        await using (var second = await ChangeStream.OpenAsync(server.Client))
        {
            Assert.That(feed.Followers, Is.EqualTo(2));
            Assert.That(await Followers(server), Is.EqualTo(2), "the health says how many follow");
            await first.DisposeAsync();
            Assert.That(await Reached(feed.WhenFollowers(1)), Is.True, "the first client's queue removed when it disconnected");
        }

        Assert.That(await Reached(feed.WhenFollowers(0)), Is.True, "and the second's");
        Assert.That(await Followers(server), Is.Zero);
        Assert.That(server.Log, Does.Contain("GET /api/changes 200"), "each stream logged once it ended");
    }

    [Test]
    public async Task A_file_deleted_under_the_server_is_a_problem_and_the_stream_recovers_when_it_is_back()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Live);
        Recorded.Write(db.Path, s.Start());
        var copy = db.Sibling("copy.db");
        File.Copy(db.Path, copy);
        await using var server = await TestServer.StartAsync(db.Path);
        await using var stream = await ChangeStream.OpenAsync(server.Client);

        File.Delete(db.Path);
        var problem = await stream.Next("problem");
        Assert.That((string?)problem["detail"], Does.Contain("no file at recorder.db"));
        var health = await server.Client.GetAsync("/api/health");
        Assert.That((int)health.StatusCode, Is.EqualTo(503), "the API says the file is gone, and the server goes on");

        // Something that is not a recorder file in its place: a problem too, said in the file's own words.
        await File.WriteAllTextAsync(db.Path, "not a database, just text long enough to be read as a header and refused by SQLite ........................................");
        var refused = await stream.Next("problem");
        Assert.That((string?)refused["detail"], Does.StartWith("the server cannot read the file now"));

        // The file back (another copy of it, with a trade more): told as recovered, and the run's change with it.
        Recorded.Write(copy, RoundTrip(s));
        File.Copy(copy, db.Path, overwrite: true);
        var back = await stream.Next("file");
        Assert.That((bool?)back["recovered"], Is.True);
        var run = await stream.Next("run", r => (string?)r["run_id"] == s.RunId);
        Assert.That((double?)run["trade_count"], Is.EqualTo(1));
    }

    [Test]
    public async Task The_runs_in_the_file_at_start_are_not_told_again_only_what_changes_after()
    {
        using var db = new TempDatabase();
        Recorded.Write(db.Path, new Scenario().Start());
        await using var server = await TestServer.StartAsync(db.Path, configure: o => o with { WatchInterval = TimeSpan.FromMilliseconds(20) });
        await using var stream = await ChangeStream.OpenAsync(server.Client);
        var other = new Scenario(source: RunSource.Paper, strategy: "Other");

        // The first event is of the run recorded after the stream opened, not of the file as it was.
        Recorded.Write(db.Path, other.Start());
        var first = await stream.Next("run");
        Assert.That((string?)first["run_id"], Is.EqualTo(other.RunId));
    }

    // The signal, or false once the deadline passes (no timer left running after the signal came).
    private static async Task<int> Followers(TestServer server)
    {
        using var health = System.Text.Json.JsonDocument.Parse(await server.Client.GetStringAsync("/api/health"));
        return health.RootElement.GetProperty("followers").GetInt32();
    }

    private static async Task<bool> Reached(Task task)
    {
        try
        {
            await task.WaitAsync(Deadline);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    // One closed trade of 1 ES contract: bought at 5000, sold at 5003.
    private static IEnumerable<RecorderEvent> RoundTrip(Scenario s) =>
    [
        s.Bar(0, 5000), s.Order("E1", Side.Buy, 1, "FILLED", at: 1, filled: 1), s.Fill("XE1", "E1", Side.Buy, 1, price: 5000, at: 1),
        s.Bar(1, 5003), s.Order("C1", Side.Sell, 1, "FILLED", at: 61, filled: 1), s.Fill("XC1", "C1", Side.Sell, 1, price: 5003, at: 61),
    ];
}
