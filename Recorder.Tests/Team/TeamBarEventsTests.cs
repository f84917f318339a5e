using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Storage.PostgreSql.Push;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Team;

/// <summary>
/// The raw log's stretch rows (BARS_STORED) read in the team store as in the file: one BAR event per bar the series
/// shows in the stretch, with its time as the file writes it, its values and whether it had closed.
/// </summary>
[Category("PostgreSQL")]
public sealed class TeamBarEventsTests
{
    private const string FileBars = """
        SELECT sequence, run_id, event_utc, json_extract(event_json, '$.series_id'), json_extract(event_json, '$.open_utc'),
               json_extract(event_json, '$.close'), json_extract(event_json, '$.volume'),
               CASE json_extract(event_json, '$.is_closed') WHEN 1 THEN 'true' ELSE 'false' END
        FROM v_events WHERE event_type = 'BAR'
        """;

    private const string TeamBars = """
        SELECT sequence, run_id, event_utc, event_json ->> 'series_id', event_json ->> 'open_utc',
               (event_json ->> 'close')::float8, (event_json ->> 'volume')::float8, event_json ->> 'is_closed'
        FROM v_events WHERE event_type = 'BAR'
        """;

    [Test]
    public void Bar_events_of_the_team_store_are_the_files_forming_and_closed_shared_and_own()
    {
        using var folder = new TempDatabase();
        var live = new Scenario();
        var pass = new Scenario(source: RunSource.Backtest);
        using (var session = RecorderSession.Open(folder.Path))
        {
            // The live run ends on a forming bar; the pass reads its closed bars and has bar 3 at a price of its own.
            foreach (var e in live.Start().Concat(Enumerable.Range(0, 8).Select(m => (RecorderEvent)live.Bar(m, close: 5000 + m)))
                         .Append(live.Bar(8, close: 5008, closed: false, at: 500))
                         .Concat(pass.Start()).Concat(Enumerable.Range(0, 8).Select(m => (RecorderEvent)pass.Bar(m, close: m == 3 ? 4999.5 : 5000 + m)))
                         .Append(pass.End()))
            {
                session.Record(e);
            }

            Assert.That(session.Close(TimeSpan.FromSeconds(30)).Completed, Is.True);
        }

        using var team = PostgresServer.CreateDatabase();
        using (var pusher = TeamPusher.Connect(team.ConnectionString))
        {
            pusher.Push(folder.Path);
        }

        using var file = new SqliteConnection($"Data Source={folder.Path};Mode=ReadOnly;Pooling=False");
        file.Open();
        using var pg = team.Open();
        var expected = TerminalFiles.Lines(file, FileBars);
        Assert.That(expected, Has.Count.EqualTo(17), "the live run's 9 bars, the pass' 8");
        Assert.That(expected.Count(l => l.EndsWith("|false", StringComparison.Ordinal)), Is.EqualTo(1), "the forming bar");
        Assert.That(team.Scalar("SELECT COUNT(*) FROM series_bars"), Is.EqualTo(1), "the pass' own bar 3");
        Assert.That(TerminalFiles.Lines(pg, TeamBars), Is.EqualTo(expected));
    }

    [Test]
    public void A_bar_two_stretch_rows_name_is_one_event_in_the_file_and_in_the_team_store()
    {
        using var folder = new TempDatabase();
        var live = new Scenario();
        using (var session = RecorderSession.Open(folder.Path))
        {
            // Bar 1 is stored forming, then closed after an order ended its stretch: two BARS_STORED rows name it.
            foreach (var e in live.Start().Append(live.Bar(0)).Append(live.Bar(1, close: 5001, closed: false, at: 70)))
            {
                session.Record(e);
            }

            Assert.That(session.Flush(TimeSpan.FromSeconds(30)).Completed, Is.True);
            foreach (var e in new RecorderEvent[] { live.Order("O1", QuantowerRecorder.Analytics.Side.Buy, 1, "OPENED", at: 100), live.Bar(1, close: 5002), live.Bar(2), live.End() })
            {
                session.Record(e);
            }

            Assert.That(session.Close(TimeSpan.FromSeconds(30)).Completed, Is.True);
        }

        using var team = PostgresServer.CreateDatabase();
        using (var pusher = TeamPusher.Connect(team.ConnectionString))
        {
            pusher.Push(folder.Path);
        }

        using var file = new SqliteConnection($"Data Source={folder.Path};Mode=ReadOnly;Pooling=False");
        file.Open();
        using var pg = team.Open();
        Assert.That(TerminalFiles.Lines(file, "SELECT COUNT(*) FROM ingest_events WHERE event_type = 'BARS_STORED'"), Is.EqualTo(new[] { "2" }));
        var expected = TerminalFiles.Lines(file, FileBars);
        Assert.That(expected.Select(l => l.Split('|')[4]).Order(StringComparer.Ordinal),
            Is.EqualTo(new[] { "2026-03-02T14:30:00.0000000Z", "2026-03-02T14:31:00.0000000Z", "2026-03-02T14:32:00.0000000Z" }), "each bar once");
        Assert.That(TerminalFiles.Lines(pg, TeamBars), Is.EquivalentTo(expected));
    }
}
