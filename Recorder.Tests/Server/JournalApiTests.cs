using System.Net;
using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Server.Hosting;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

/// <summary>The journal over HTTP: read by anyone the server answers, written only with `serve --write` and its token.</summary>
[TestFixture]
public sealed class JournalApiTests
{
    private TempDatabase fixture = null!;
    private JournalFiles files = null!;

    [OneTimeSetUp]
    public void Record()
    {
        fixture = new TempDatabase("sweep.db");
        files = JournalFiles.Record(fixture.Path);
        Assert.That(Cli.Cli.Run(fixture.Folder, "tag", files.LinkedPaper, "+keep", "--db", fixture.Path).ExitCode, Is.EqualTo(0));
    }

    [OneTimeTearDown]
    public void Remove() => fixture.Dispose();

    [Test]
    public async Task Without_write_the_journal_is_read_and_there_is_no_route_to_change_it()
    {
        using var db = Copy();
        await using var server = await TestServer.StartAsync(db.Path);

        var health = JsonNode.Parse(await server.Client.GetStringAsync("/api/health"))!;
        Assert.That((bool)health["journal_write"]!, Is.False);
        var journal = JsonNode.Parse(await server.Client.GetStringAsync($"/api/runs/{files.LinkedPaper}/journal"))!;
        Assert.That(journal["tags"]!.AsArray().Select(t => (string)t!), Is.EqualTo(new[] { "keep" }));
        var run = JsonNode.Parse(await server.Client.GetStringAsync($"/api/runs/{files.LinkedPaper}"))!;
        Assert.That((string)run["study_passes"]![0]!["study_name"]!, Is.EqualTo("my-sweep"));
        Assert.That((int)run["study_passes"]![0]!["rank"]!, Is.EqualTo(3));
        var posted = await server.PostAsync($"/api/runs/{files.LinkedPaper}/journal/notes", """{"text":"no"}""", token: "anything");
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.NotFound).Or.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That(server.Server.Endpoints.Select(e => e.RoutePattern.RawText), Has.None.EndsWith("/journal/notes"));
        Assert.That(File.Exists(IngestToken.PathFor(db.Path)), Is.False, "no token without a route that takes one");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM journal_entries WHERE kind = 'NOTE'"), Is.Zero);
    }

    [Test]
    public async Task With_write_a_note_tags_and_a_pin_need_the_token_and_are_answered_with_the_journal_then()
    {
        using var db = Copy();
        await using var server = await TestServer.StartAsync(db.Path, configure: o => o with { Write = true });
        Assert.That(File.ReadAllText(IngestToken.PathFor(db.Path)).Trim(), Is.EqualTo(server.Server.Token!.Value));
        Assert.That(server.Server.WriteAddress!.ToString(), Does.EndWith("/#write=" + server.Server.Token.Value));
        var path = $"/api/runs/{files.LinkedPaper}/journal";

        var anonymous = await server.PostAsync(path + "/notes", """{"text":"sneaky"}""", token: "wrong");
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        var note = await server.PostAsync(path + "/notes", """{"text":"From the page\nsecond line","author":"ana"}""");
        Assert.That(note.StatusCode, Is.EqualTo(HttpStatusCode.OK), await note.Content.ReadAsStringAsync());
        var tags = JsonNode.Parse(await (await server.PostAsync(path + "/tags", """{"add":["Review"],"remove":["keep"]}""")).Content.ReadAsStringAsync())!;
        Assert.That(tags["tags"]!.AsArray().Select(t => (string)t!), Is.EqualTo(new[] { "review" }));
        var pin = JsonNode.Parse(await (await server.PostAsync(path + "/pin", """{"pinned":true}""")).Content.ReadAsStringAsync())!;
        Assert.That((bool)pin["pinned"]!, Is.True);
        var entries = pin["entries"]!.AsArray().Select(e => (string)e!["created_utc"]!).ToList();
        Assert.That(entries, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal), "each act after the one before, though the server's clock is behind the CLI's tag");

        using var reader = RecorderStore.OpenRead(db.Path);
        var view = reader.Journal.Of(QuantowerRecorder.Storage.Journal.JournalSubject.Run(files.LinkedPaper));
        Assert.That(view.Notes.Select(n => (n.Body, n.Author)), Is.EqualTo(new[] { ("From the page\nsecond line", "ana") }));
        Assert.That(view.Tags, Is.EqualTo(new[] { "review" }));
        Assert.That(view.Pinned, Is.True);
        Assert.That(view.Notes.Any(n => n.Body == "sneaky"), Is.False);
        var listed = JsonNode.Parse(await server.Client.GetStringAsync("/api/runs/?pinned=true&tag=REVIEW"))!;
        Assert.That(listed["items"]!.AsArray().Select(r => (string)r!["run_id"]!), Is.EqualTo(new[] { files.LinkedPaper }));
        Assert.That((bool)listed["items"]![0]!["pinned"]!, Is.True);
    }

    [Test]
    public async Task Bad_writes_are_refused_with_what_is_wrong_and_store_nothing()
    {
        using var db = Copy();
        await using var server = await TestServer.StartAsync(db.Path, configure: o => o with { Write = true });
        var path = $"/api/runs/{files.LinkedPaper}/journal";

        async Task<(HttpStatusCode, JsonNode)> Post(string route, string body, string type = "application/json")
        {
            var response = await server.PostAsync(route, body, type);
            return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        }

        var (status, problem) = await Post(path + "/tags", """{"add":"keep"}""");
        Assert.That((status, (string)problem["field"]!), Is.EqualTo((HttpStatusCode.BadRequest, "add")));
        Assert.That((string)problem["detail"]!, Is.EqualTo("add: add is a list of tags, such as [\"keep\"]"));
        (status, problem) = await Post(path + "/tags", """{"add":["two words"]}""");
        Assert.That((status, (string)problem["detail"]!), Is.EqualTo((HttpStatusCode.BadRequest,
            "'two words' is not a tag: a tag is 1 to 40 letters, digits and - _ . : /, starting with a letter or digit.")));
        (status, problem) = await Post(path + "/notes", """{"text":"   "}""");
        Assert.That((status, (string)problem["detail"]!), Is.EqualTo((HttpStatusCode.BadRequest, "A note needs some text.")));
        (status, problem) = await Post(path + "/pin", "{}");
        Assert.That((status, (string)problem["field"]!), Is.EqualTo((HttpStatusCode.BadRequest, "pinned")));
        (status, _) = await Post(path + "/notes", "text=hello", "application/x-www-form-urlencoded");
        Assert.That(status, Is.EqualTo(HttpStatusCode.UnsupportedMediaType), "a form another site could post is refused");
        (status, _) = await Post(path + "/notes", "{\"text\":\"" + new string('x', 70_000) + "\"}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        (status, problem) = await Post("/api/runs/0190-no-such-run/journal/notes", """{"text":"x"}""");
        Assert.That((status, (string)problem["title"]!), Is.EqualTo((HttpStatusCode.NotFound, "Unknown run")));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM journal_entries"), Is.EqualTo(1), "the fixture's one tag");
    }

    [Test]
    public async Task A_study_is_written_and_read_by_its_name()
    {
        using var db = Copy();
        await using var server = await TestServer.StartAsync(db.Path, configure: o => o with { Write = true });

        var tagged = await server.PostAsync("/api/studies/my-sweep/journal/tags", """{"add":["wide-plateau"]}""");
        Assert.That(tagged.StatusCode, Is.EqualTo(HttpStatusCode.OK), await tagged.Content.ReadAsStringAsync());
        var journal = JsonNode.Parse(await server.Client.GetStringAsync("/api/studies/MY-SWEEP/journal"))!;
        Assert.That(((string)journal["subject_type"]!, journal["tags"]!.AsArray().Select(t => (string)t!).Single()), Is.EqualTo(("study", "wide-plateau")));
        Assert.That((string)journal["entries"]![0]!["created_utc"]!, Is.EqualTo("2026-03-02T14:30:00.0000000Z"), "the server's clock");
        var unknown = await server.Client.GetAsync("/api/studies/nothing/journal");
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public void A_server_reading_the_team_store_cannot_be_started_with_write()
    {
        using var db = Copy();
        var options = new ServerOptions { DatabasePath = "team", OpenReader = () => RecorderStore.OpenRead(db.Path), Port = 0, Write = true };
        Assert.That(async () => await RecorderServer.StartAsync(options), Throws.ArgumentException.With.Message.Contains("--write writes a recorder file's journal"));
    }

    private TempDatabase Copy()
    {
        var db = new TempDatabase("sweep.db");
        File.Copy(fixture.Path, db.Path);
        return db;
    }
}
