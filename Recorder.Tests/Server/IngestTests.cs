using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

[TestFixture]
public sealed class IngestTests
{
    private static readonly string[] Tables =
    [
        "strategies|strategy_id", "strategy_instances|instance_id", "strategy_runs|run_id", "orders|run_id, order_id",
        "executions|run_id, execution_id", "order_oco_groups|oco_group_id", "order_oco_links|oco_group_id, order_id",
        "run_series|series_id", "bars|series_id, ts_utc", "run_instruments|run_id, symbol", "ingest_events|run_id, sequence",
        "ingest_quarantine|id",
    ];

    /// <summary>One run of every event kind: what the design's and our ingest endpoints take.</summary>
    private static List<RecorderEvent> EveryKind(Scenario s)
    {
        var events = s.Start().ToList();
        events.Add(new InstrumentDefined { RunId = s.RunId, EventUtc = s.At(0), Source = s.Source, Symbol = "ES", TickSize = 0.25, PointValue = 50, Currency = "USD" });
        events.Add(s.Bar(0, 5000));
        events.Add(s.Order("O1", Side.Buy, 2, at: 61));
        events.Add(s.Fill("X1", "O1", Side.Buy, 2, 5001, at: 61.2));
        events.Add(new OcoGroupDefined { RunId = s.RunId, EventUtc = s.At(62), Source = s.Source, OcoGroupId = "G1", Label = "Bracket O1" });
        events.Add(s.Order("O2", Side.Sell, 2, at: 62, type: "STOP", stop: 4990));
        events.Add(new OcoLinkAdded { RunId = s.RunId, EventUtc = s.At(62), Source = s.Source, OcoGroupId = "G1", OrderId = "O2", Role = "SL" });
        events.Add(s.Bar(1, 5003));
        events.Add(new RunProgress { RunId = s.RunId, EventUtc = s.At(120), Source = s.Source, ProcessedCount = 2, TotalCount = 10 });
        events.Add(s.Order("O2", Side.Sell, 2, status: "FILLED", at: 130, type: "STOP", stop: 4990, filled: 2));
        events.Add(s.Fill("X2", "O2", Side.Sell, 2, 4990, at: 130));
        events.Add(s.End(at: 200));
        return events;
    }

    [Test]
    public async Task Events_through_http_are_stored_exactly_as_through_RecorderSession()
    {
        using var http = new TempDatabase("http.db");
        using var direct = new TempDatabase("direct.db");
        var scenario = new Scenario(runId: "0198c0de-0000-7000-8000-000000000001", source: RunSource.Backtest);
        var events = EveryKind(scenario);
        var time = new TestClock(new DateTimeOffset(Scenario.T0));

        await using (var server = await TestServer.StartAsync(http.Path, ingest: true, time: time))
        {
            foreach (var e in events)
            {
                var response = await server.PostAsync(TestServer.PathOf(e), EventLines.Line(e));
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), TestServer.PathOf(e) + ": " + await response.Content.ReadAsStringAsync());
            }
        }

        using (var session = RecorderSession.Open(direct.Path, new RecorderOptions { Time = time }))
        {
            foreach (var e in events)
            {
                session.Record(e);
            }

            Assert.That(session.Close(TimeSpan.FromSeconds(30)).Completed, Is.True);
        }

        foreach (var table in Tables.Select(t => t.Split('|')))
        {
            var rows = Db.Dump(http.Path, table[0], table[1]);
            Assert.That(rows, Is.EqualTo(Db.Dump(direct.Path, table[0], table[1])), table[0]);
            if (table[0] != "ingest_quarantine")
            {
                Assert.That(rows, Is.Not.Empty, table[0] + " holds the run's rows");
            }
        }
    }

    [Test]
    public async Task Ingest_needs_the_token_printed_at_start_and_stored_beside_the_file_for_its_owner_only()
    {
        using var db = new TempDatabase();
        var scenario = new Scenario();
        var line = EventLines.Line(scenario.Start().First());
        await using var server = await TestServer.StartAsync(db.Path, ingest: true);

        var none = await server.Client.PostAsync("/api/ingest/event/strategy_create", new StringContent(line, Encoding.UTF8, "application/json"));
        Assert.That(none.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(none.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
        Assert.That(none.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var wrong = await server.PostAsync("/api/ingest/event/strategy_create", line, token: new string('0', 64));
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        var tokenFile = db.Path + ".token";
        Assert.That(File.ReadAllText(tokenFile).Trim(), Is.EqualTo(server.Server.Token!.Value));
        Assert.That(server.Server.Token.Value, Has.Length.EqualTo(64));
        if (!OperatingSystem.IsWindows())
        {
            Assert.That(File.GetUnixFileMode(tokenFile), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }

        var right = await server.PostAsync("/api/ingest/event/strategy_create", line);
        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        await server.DisposeAsync();
        Assert.That(File.Exists(tokenFile), Is.False, "a stopped server's token is removed");
    }

    [Test]
    public async Task Without_ingest_there_is_no_ingest_endpoint_and_no_token()
    {
        using var db = DemoDatabase();
        await using var server = await TestServer.StartAsync(db.Path);
        var response = await server.PostAsync("/api/ingest/event/order", "{}", token: "anything");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(File.Exists(db.Path + ".token"), Is.False);
        Assert.That(server.Server.Token, Is.Null);
    }

    [TestCase("{\"run_id\":", null, "not JSON (line 1, byte 11)")]
    [TestCase("[1,2]", null, "not a JSON object")]
    [TestCase("{\"run_id\":\"R\",\"event_utc\":\"2026-03-02T14:30:00Z\",\"execution_id\":\"X\",\"order_id\":\"O\",\"symbol\":\"ES\",\"side\":\"Buy\",\"quantity\":1}", "price", "price: missing")]
    [TestCase("{\"run_id\":\"R\",\"event_utc\":\"2026-03-02T14:30:00Z\",\"execution_id\":\"X\",\"order_id\":\"O\",\"symbol\":\"ES\",\"side\":\"Buy\",\"quantity\":1,\"price\":\"NaN\"}", "price", "must be a finite number")]
    [TestCase("{\"run_id\":\"R\",\"event_utc\":\"2026-03-02T14:30:00Z\",\"execution_id\":\"X\",\"order_id\":\"O\",\"symbol\":\"ES\",\"side\":\"Buy\",\"quantity\":\"lots\",\"price\":5}", "quantity", "quantity: not a number")]
    [TestCase("{\"run_id\":\"R\",\"event_utc\":\"2026-03-02T14:30:00Z\",\"execution_id\":\"X\",\"order_id\":\"O\",\"symbol\":\"ES\",\"side\":\"Up\",\"quantity\":1,\"price\":5}", "side", "side: not one of Buy, Sell")]
    [TestCase("{\"event_type\":\"ORDER\",\"run_id\":\"R\",\"event_utc\":\"2026-03-02T14:30:00Z\"}", "event_type", "does not match")]
    [TestCase("{\"run_id\":\"R\",\"event_utc\":\"yesterday\",\"execution_id\":\"X\",\"order_id\":\"O\",\"symbol\":\"ES\",\"side\":\"Buy\",\"quantity\":1,\"price\":5}", "event_utc", "event_utc: not a timestamp")]
    public async Task Bad_input_gets_400_with_a_problem_naming_the_field(string body, string? field, string reason)
    {
        using var db = new TempDatabase();
        await using var server = await TestServer.StartAsync(db.Path, ingest: true);
        var response = await server.PostAsync("/api/ingest/event/execution", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = JsonNode.Parse(text)!;
        Assert.That((int)problem["status"]!, Is.EqualTo(400));
        Assert.That((string?)problem["field"], Is.EqualTo(field), text);
        Assert.That((string)problem["detail"]!, Does.Contain(reason));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_events"), Is.Zero);
    }

    [Test]
    public async Task An_event_of_an_unknown_run_is_404_naming_the_run_and_what_to_send_first()
    {
        using var db = new TempDatabase();
        await using var server = await TestServer.StartAsync(db.Path, ingest: true);
        var order = new Scenario(runId: "no-such-run").Order("O1", Side.Buy, 1);
        var response = await server.PostAsync("/api/ingest/event/order", EventLines.Line(order));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((string)problem["run_id"]!, Is.EqualTo("no-such-run"));
        Assert.That((string)problem["detail"]!, Does.Contain("run_start"));
    }

    [Test]
    public async Task Wait_true_answers_once_the_events_are_committed()
    {
        using var db = new TempDatabase();
        var scenario = new Scenario();
        await using var server = await TestServer.StartAsync(db.Path, ingest: true);
        var batch = string.Join("\n", scenario.Start().Append(scenario.Order("O1", Side.Buy, 1)).Select(EventLines.Line));
        var response = await server.PostAsync("/api/ingest/batch?wait=true", batch, "application/x-ndjson");
        var reply = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((string)reply["status"]!, Is.EqualTo("committed"));
        Assert.That((int)reply["events"]!, Is.EqualTo(5));
        // Committed means readable by another connection now, without waiting.
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM orders WHERE run_id = @r", new { r = scenario.RunId }), Is.EqualTo(1));
    }

    [Test]
    public async Task A_batch_with_one_bad_line_is_refused_whole_and_names_the_line()
    {
        using var db = new TempDatabase();
        var scenario = new Scenario();
        await using var server = await TestServer.StartAsync(db.Path, ingest: true);
        var lines = scenario.Start().Select(EventLines.Line).ToList();
        lines.Insert(2, "");
        lines.Insert(3, "{\"event_type\":\"ORDER\",\"run_id\":\"" + scenario.RunId + "\",\"event_utc\":\"2026-03-02T14:30:00Z\",\"order_id\":\"O\",\"symbol\":\"ES\",\"side\":\"Buy\",\"order_type\":\"MARKET\",\"status\":\"OPENED\"}");
        var response = await server.PostAsync("/api/ingest/batch?wait=true", string.Join("\n", lines), "application/x-ndjson");
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((int)problem["line"]!, Is.EqualTo(4));
        Assert.That((string)problem["field"]!, Is.EqualTo("quantity"));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_events"), Is.Zero, "nothing of a refused batch is stored");
    }

    [Test]
    public async Task Limits_refuse_large_bodies_large_batches_and_anything_but_json()
    {
        using var db = new TempDatabase();
        var scenario = new Scenario();
        await using var server = await TestServer.StartAsync(db.Path, ingest: true, o => o with { MaxEventBytes = 4096, MaxBatchBytes = 64 * 1024, MaxBatchEvents = 10 });
        var big = EventLines.Line(scenario.Start().First() is StrategyDefined s ? s with { Notes = new string('n', 5000) } : null!);
        Assert.That((await server.PostAsync("/api/ingest/event/strategy_create", big)).StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        var eleven = string.Join("\n", Enumerable.Range(0, 11).Select(i => EventLines.Line(scenario.Bar(i))));
        Assert.That((await server.PostAsync("/api/ingest/batch", eleven, "application/x-ndjson")).StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        var huge = new string(' ', 70 * 1024) + "{}";
        Assert.That((await server.PostAsync("/api/ingest/batch", huge, "application/x-ndjson")).StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        var form = await server.PostAsync("/api/ingest/event/strategy_create", EventLines.Line(scenario.Start().First()), "application/x-www-form-urlencoded");
        Assert.That(form.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_events"), Is.Zero);
    }

    [Test]
    public async Task A_huge_string_within_the_limit_is_stored_truncated_as_the_pipeline_does()
    {
        using var db = new TempDatabase();
        var scenario = new Scenario();
        await using var server = await TestServer.StartAsync(db.Path, ingest: true);
        var events = scenario.Start().Append(scenario.Order("O1", Side.Buy, 1) with { ClientTag = new string('t', 100_000) });
        var response = await server.PostAsync("/api/ingest/batch?wait=true", string.Join("\n", events.Select(EventLines.Line)), "application/x-ndjson");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var tag = Db.Scalar<string>(db.Path, "SELECT client_tag FROM orders WHERE order_id = 'O1'");
        Assert.That(tag, Does.StartWith(new string('t', 100)).And.Contain("[truncated"));
        Assert.That(tag.Length, Is.LessThan(5000));
    }

    [Test]
    public async Task Garbage_never_crashes_the_server()
    {
        using var db = new TempDatabase();
        await using var server = await TestServer.StartAsync(db.Path, ingest: true);
        var random = new Random(12);
        var bodies = new List<string> { "", "null", "\"text\"", "{}", "{\"event_type\":null}", "NaN", "{\"run_id\":NaN}", "\u0000\u0001", "{\"a\":" + new string('[', 5000) };
        for (var i = 0; i < 20; i++)
        {
            var bytes = new byte[random.Next(1, 2000)];
            random.NextBytes(bytes);
            bodies.Add(Encoding.Latin1.GetString(bytes));
        }

        foreach (var path in new[] { "/api/ingest/event/order", "/api/ingest/event/bar", "/api/ingest/batch" })
        {
            foreach (var body in bodies)
            {
                var response = await server.PostAsync(path, body);
                Assert.That((int)response.StatusCode, Is.InRange(400, 499), path + " " + body[..Math.Min(body.Length, 40)]);
            }
        }

        Assert.That((await server.Client.GetAsync("/api/health")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Eight_clients_at_once_lose_no_event()
    {
        using var db = new TempDatabase();
        var scenario = new Scenario();
        await using var server = await TestServer.StartAsync(db.Path, ingest: true);
        var start = await server.PostAsync("/api/ingest/batch", string.Join("\n", scenario.Start().Append(scenario.Order("O1", Side.Buy, 1)).Select(EventLines.Line)), "application/x-ndjson");
        Assert.That(start.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var clients = Enumerable.Range(0, 8).Select(async c =>
        {
            for (var i = 0; i < 25; i++)
            {
                // Alternately one fill at a time and a batch of four.
                var fills = Enumerable.Range(0, i % 2 == 0 ? 1 : 4).Select(k => scenario.Fill($"X-{c}-{i}-{k}", "O1", Side.Buy, 1, 5000 + c, at: 2 + i)).ToList();
                var response = fills.Count == 1
                    ? await server.PostAsync("/api/ingest/event/execution", EventLines.Line(fills[0]))
                    : await server.PostAsync("/api/ingest/batch", string.Join("\n", fills.Select(EventLines.Line)), "application/x-ndjson");
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            }
        });
        await Task.WhenAll(clients);
        var flushed = await server.PostAsync("/api/ingest/event/progress?wait=true",
            EventLines.Line(new RunProgress { RunId = scenario.RunId, EventUtc = scenario.At(100), ProcessedCount = 1 }));
        Assert.That(flushed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM executions"), Is.EqualTo(8 * (13 * 1 + 12 * 4)));
    }

    private static TempDatabase DemoDatabase() => Cli.DemoFiles.Create();
}
