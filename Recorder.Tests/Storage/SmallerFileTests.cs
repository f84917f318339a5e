using Dapper;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Replay;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>Schema version 5: the raw log without what its row holds, nested JSON as JSON, no duplicate indexes.</summary>
[TestFixture]
public sealed class SmallerFileTests
{
    // The indexes of the v2 design (shared/seeds/000): table and columns. Each must still be served by an index of
    // the file whose leading columns are these, so every lookup the design planned stays an index search.
    private static readonly (string Table, string[] Columns)[] DesignIndexes =
    [
        ("strategy_runs", ["instance_id", "start_utc"]),
        ("strategy_runs", ["run_type", "status"]),
        ("orders", ["run_id", "submit_utc"]),
        ("orders", ["order_id"]),
        ("orders", ["symbol"]),
        ("orders", ["status"]),
        ("executions", ["run_id", "exec_utc"]),
        ("executions", ["run_id", "order_id"]),
        ("order_oco_groups", ["run_id"]),
        ("order_oco_links", ["run_id", "order_id"]),
        ("run_series", ["run_id"]),
        // bars is a view (docs/decisions.md, 14): a series finds its share, then the bars of the series that holds them.
        ("market_bars", ["market_id", "ts"]),
        ("ingest_events", ["run_id", "event_utc"]),
    ];

    [Test]
    public void A_nested_JSON_document_is_stored_in_the_raw_log_as_JSON_not_as_text_within_text()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var bar = s.Bar(0) with { VolumetricJson = """{"delta":12,"poc":5000.25,"levels":[1,2]}""" };
        Recorded.Write(db.Path, s.Start().Append(bar));

        // The raw log names the stored bar (BARS_STORED); v_events gives it whole, as import reads it.
        var payload = Db.Scalar<string>(db.Path, "SELECT event_json FROM v_events WHERE event_type = 'BAR'");
        Assert.That(payload, Does.Contain("""
            "volumetric_json":{"delta":12,"poc":5000.25,"levels":[1,2]}
            """.Trim()));
        Assert.That(payload, Does.Not.Contain("\\u0022").And.Not.Contain("\\\""), "no escaped quotes");
        Assert.That(Db.Scalar<double>(db.Path, "SELECT json_extract(event_json, '$.volumetric_json.poc') FROM v_events WHERE event_type = 'BAR'"),
            Is.EqualTo(5000.25));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT volumetric_json FROM bars"), Is.EqualTo(bar.VolumetricJson), "the table keeps the text as given");
    }

    [Test]
    public void The_stored_payload_leaves_out_the_run_time_and_source_of_its_row_and_v_events_puts_them_back()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Paper);
        Recorded.Write(db.Path, s.Start().Append(s.Order("O1", Side.Buy, 1, at: 1.5)));

        var (payload, eventJson) = Db.Query<(string, string)>(db.Path,
            "SELECT e.payload_json, v.event_json FROM ingest_events e JOIN v_events v ON v.id = e.id WHERE e.event_type = 'ORDER'").Single();
        Assert.That(payload, Does.Not.Contain("run_id").And.Not.Contain("event_utc").And.Not.Contain("source"));
        Assert.That(eventJson, Does.Contain($"\"run_id\":\"{s.RunId}\"").And.Contain("\"event_type\":\"ORDER\"")
            .And.Contain("\"event_utc\":\"2026-03-02T14:30:01.5000000Z\"").And.Contain("\"source\":\"PAPER\""));
    }

    [Test]
    public void A_closed_bar_and_a_forming_bar_keep_their_state_through_v_events_and_replay()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        Recorded.Write(db.Path, s.Start().Append(s.Bar(0)).Append(s.Bar(1, closed: false)));

        Assert.That(Db.Query<long?>(db.Path, "SELECT forming_utc FROM market_bars ORDER BY ts").Select(f => f.HasValue), Is.EqualTo(new[] { false, true }));
        var events = Db.Query<string>(db.Path, "SELECT event_json FROM v_events WHERE event_type = 'BAR' ORDER BY json_extract(event_json, '$.open_utc')");
        Assert.That(events[0], Does.Contain("\"is_closed\":true"));
        Assert.That(events[1], Does.Contain("\"is_closed\":false"));
        var rebuilt = Path.Combine(db.Folder, "rebuilt.db");
        EventReplayer.Rebuild(db.Path, rebuilt);
        Assert.That(Db.Dump(rebuilt, "bars", "ts_utc"), Is.EqualTo(Db.Dump(db.Path, "bars", "ts_utc")));
    }

    [Test]
    public void Text_that_is_not_a_JSON_document_stays_text_and_replays_to_the_same_rows()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        string[] odd = ["{not json}", " {\"a\":1}", "[1,2", "\"quoted\"", "12", "{\"a\":\"é ü <&> \u2028\"}"];
        var bars = odd.Select((text, i) => s.Bar(i) with { VolumetricJson = text }).ToList();
        Recorded.Write(db.Path, s.Start().Concat(bars));

        Assert.That(Db.Query<string>(db.Path, "SELECT volumetric_json FROM bars ORDER BY ts_utc"), Is.EqualTo(odd));
        var rebuilt = Path.Combine(db.Folder, "rebuilt.db");
        var result = EventReplayer.Rebuild(db.Path, rebuilt);
        Assert.That(result.Quarantined, Is.Zero);
        Assert.That(Db.Query<string>(rebuilt, "SELECT volumetric_json FROM bars ORDER BY ts_utc"), Is.EqualTo(odd));
        Assert.That(Db.Dump(rebuilt, "bars", "ts_utc"), Is.EqualTo(Db.Dump(db.Path, "bars", "ts_utc")));
    }

    [Test]
    public void A_bar_without_is_closed_is_closed_as_docs_events_md_says()
    {
        var json = """{"series_id":"S","open_utc":"2026-01-05T00:00:00Z","open":1,"high":2,"low":0.5,"close":1.5,"run_id":"R","event_utc":"2026-01-05T00:01:00Z"}""";
        Assert.That(((BarRecorded)QuantowerRecorder.Storage.Writing.PayloadJson.Deserialize(EventTypes.Bar, json)).IsClosed, Is.True);
        Assert.That(((BarRecorded)QuantowerRecorder.Storage.Writing.PayloadJson.DeserializeStored(EventTypes.Bar, json, "R", Scenario.T0, "LIVE")).IsClosed, Is.True);
    }

    [Test]
    public void A_bar_written_straight_into_bytes_has_the_same_payload_as_its_text()
    {
        var s = new Scenario();
        var bar = s.Bar(3) with { VolumetricJson = """{"delta":-4,"poc":5000.25}""", Volume = 12.5 };
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, QuantowerRecorder.Storage.Writing.PayloadJson.WriterOptions))
        {
            QuantowerRecorder.Storage.Writing.PayloadJson.SerializeTo(writer, bar);
        }

        Assert.That(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan), Is.EqualTo(QuantowerRecorder.Storage.Writing.PayloadJson.Serialize(bar)));
    }

    [Test]
    public void A_writer_finds_the_running_runs_by_their_index_not_by_reading_every_run()
    {
        using var db = new TempDatabase();
        Recorded.Write(db.Path, new Scenario().Start());
        var plan = Db.Query<(long Id, long Parent, long NotUsed, string Detail)>(db.Path,
            "EXPLAIN QUERY PLAN SELECT run_id FROM strategy_runs WHERE status = 'RUNNING'").Select(p => p.Detail).ToList();
        Assert.That(plan, Has.Some.Contains("USING INDEX idx_runs_running"), string.Join("\n", plan));
        Assert.That(plan, Has.None.StartsWith("SCAN"), string.Join("\n", plan));
    }

    [Test]
    public void Every_index_of_the_design_is_still_served_and_no_index_repeats_another()
    {
        using var db = new TempDatabase();
        Recorded.Write(db.Path, new Scenario().Start());
        using var connection = Db.Read(db.Path);
        var indexes = connection.Query<(string Table, string Name, long Unique)>(
                "SELECT m.name, il.name, il.\"unique\" FROM sqlite_master m, pragma_index_list(m.name) il WHERE m.type = 'table'")
            .Select(i => (i.Table, i.Name, Unique: i.Unique != 0,
                Columns: connection.Query<string>("SELECT name FROM pragma_index_info(@n) ORDER BY seqno", new { n = i.Name }).ToArray()))
            .ToList();

        foreach (var (table, columns) in DesignIndexes)
        {
            Assert.That(indexes.Any(i => i.Table == table && i.Columns.Take(columns.Length).SequenceEqual(columns)),
                $"an index of {table} leads with ({string.Join(", ", columns)})");
        }

        // A plain index whose columns lead a UNIQUE index of the same table only costs writes.
        var repeats = indexes.Where(i => !i.Unique && indexes.Any(u => u.Unique && u.Table == i.Table
                && u.Columns.Length >= i.Columns.Length && u.Columns.Take(i.Columns.Length).SequenceEqual(i.Columns)))
            .Select(i => i.Name).ToList();
        Assert.That(repeats, Is.Empty);
    }
}
