using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Storage.PostgreSql.Push;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;
using CliRunner = QuantowerRecorder.Tests.Cli.Cli;

namespace QuantowerRecorder.Tests.Team;

/// <summary>
/// Bars a file stores once under their market (passes of an optimisation over the same data) are stored once in the
/// team store too, and every run still sees its bars through the view bars as in its file.
/// </summary>
[Category("PostgreSQL")]
public sealed class SharedBarsPushTests
{
    private const string BarsOfRuns = "SELECT s.run_id, b.series_id, b.ts_utc, b.open, b.high, b.low, b.close, b.volume FROM bars b JOIN run_series s ON s.series_id = b.series_id";

    [Test]
    public void Passes_over_the_same_bars_are_pushed_with_the_bars_once_and_each_run_sees_all_of_its_bars()
    {
        using var folder = new TempDatabase();
        var passes = Record(folder.Path, 4);
        Assert.That(TerminalFiles.Count(folder.Path, "SELECT COUNT(*) FROM market_bars"), Is.EqualTo(50),
            "the file stores the four passes' bars once");
        using var team = PostgresServer.CreateDatabase();

        FilePushResult pushed;
        using (var pusher = TeamPusher.Connect(team.ConnectionString, new PushOptions { ChunkRows = 1 }))
        {
            pushed = pusher.Push(folder.Path);
        }

        Assert.That(pushed.Chunks, Is.EqualTo(4), "one pass per transaction: later passes find the bars in the team store");
        Assert.That(team.Scalar("SELECT COUNT(*) FROM market_bars"), Is.EqualTo(50), "50 bars, stored once for four passes");
        Assert.That(team.Scalar("SELECT COUNT(*) FROM series_bars"), Is.EqualTo(0), "no pass saw other values");
        Assert.That(team.Scalar("SELECT COUNT(*) FROM bar_markets"), Is.EqualTo(1));
        Assert.That(team.Scalar("SELECT COUNT(*) FROM bars"), Is.EqualTo(200));
        AssertSameBars(folder.Path, team);
        Assert.That(passes, Has.Count.EqualTo(4));
    }

    [Test]
    public void A_pass_whose_bars_belong_to_a_pruned_run_brings_them_once()
    {
        using var folder = new TempDatabase();
        var passes = Record(folder.Path, 3);
        // The first pass, which holds the bars, started earlier and is pruned: its bars stay for the passes sharing them.
        TerminalFiles.Write(folder.Path, $"UPDATE strategy_runs SET start_utc = '2026-01-01T00:00:00.0000000Z' WHERE run_id = '{passes[0]}'");
        var prune = CliRunner.Run(folder.Folder, "prune", "--older-than", "2026-02-01", "--yes", "--db", folder.Path);
        Assert.That(prune.ExitCode, Is.EqualTo(0), prune.ToString());
        Assert.That(TerminalFiles.Count(folder.Path, "SELECT COUNT(*) FROM strategy_runs"), Is.EqualTo(2));
        using var team = PostgresServer.CreateDatabase();

        using (var pusher = TeamPusher.Connect(team.ConnectionString))
        {
            pusher.Push(folder.Path);
        }

        Assert.That(team.Scalar("SELECT COUNT(*) FROM market_bars"), Is.EqualTo(50), "the pruned pass' bars, stored once for both passes");
        Assert.That(team.Scalar("SELECT COUNT(*) FROM bars"), Is.EqualTo(100));
        AssertSameBars(folder.Path, team);
    }

    [Test]
    public void A_forming_bar_that_closes_as_its_market_has_it_leaves_no_copy_of_its_own_in_the_team_store()
    {
        using var folder = new TempDatabase();
        var first = Record(folder.Path, 1)[0];
        var pass = new Scenario(source: RunSource.Backtest, parameters: new Dictionary<string, object?> { ["period"] = 30, ["threshold"] = 1.5 });
        using var team = PostgresServer.CreateDatabase();
        using var pusher = TeamPusher.Connect(team.ConnectionString);
        Append(folder.Path, pass.Start().Concat(Enumerable.Range(0, 15).Select(m => (RecorderEvent)pass.Bar(m, close: 5000 + (m % 9)))));
        pusher.Push(folder.Path);

        // Bar 15 forms at another price (the pass' own), is pushed, then closes as the first pass has it (the market's again).
        Append(folder.Path, [pass.Bar(15, close: 4321, closed: false)]);
        pusher.Push(folder.Path);
        Assert.That(team.Scalar($"SELECT COUNT(*) FROM series_bars WHERE series_id = '{pass.SeriesId}'"), Is.EqualTo(1), "the forming bar, the pass' own");
        Append(folder.Path, Enumerable.Range(15, 35).Select(m => (RecorderEvent)pass.Bar(m, close: 5000 + (m % 9))).Append(pass.End()));
        Assert.That(TerminalFiles.Count(folder.Path, $"SELECT COUNT(*) FROM series_bars WHERE series_id = '{pass.SeriesId}'"), Is.EqualTo(0),
            "in the file the bar is the market's again");
        var later = pusher.Push(folder.Path);

        Assert.That(later.RowsDeleted, Is.EqualTo(1), "the pass' own copy of bar 15");
        Assert.That(team.Scalar($"SELECT COUNT(*) FROM series_bars WHERE series_id = '{pass.SeriesId}'"), Is.EqualTo(0));
        Assert.That(team.Scalar($"SELECT COUNT(*) FROM bars WHERE series_id = '{pass.SeriesId}'"), Is.EqualTo(50));
        AssertSameBars(folder.Path, team);
        Assert.That(first, Is.Not.EqualTo(pass.RunId));
    }

    [Test]
    public void A_forming_bar_that_closes_at_another_price_moves_the_market_and_another_run_that_read_it_keeps_what_it_saw()
    {
        using var folder = new TempDatabase();
        var a = new Scenario(source: RunSource.Backtest, parameters: new Dictionary<string, object?> { ["period"] = 10, ["threshold"] = 1.5 });
        var b = new Scenario(source: RunSource.Backtest, parameters: new Dictionary<string, object?> { ["period"] = 11, ["threshold"] = 1.5 });
        using var team = PostgresServer.CreateDatabase();
        using var once = PostgresServer.CreateDatabase();
        using var pusher = TeamPusher.Connect(team.ConnectionString);
        // Both runs read bar 10 forming at 5010 (A stored it, B saw the same); B ends there.
        Append(folder.Path, a.Start().Concat(b.Start())
            .Concat(Enumerable.Range(0, 10).Select(m => (RecorderEvent)a.Bar(m, close: 5000 + m))).Append(a.Bar(10, close: 5010, closed: false, at: 630))
            .Concat(Enumerable.Range(0, 10).Select(m => (RecorderEvent)b.Bar(m, close: 5000 + m))).Append(b.Bar(10, close: 5010, closed: false, at: 640))
            .Append(b.End()));
        pusher.Push(folder.Path);
        Assert.That(team.Scalar("SELECT COUNT(*) FROM market_bars WHERE forming_utc IS NOT NULL"), Is.EqualTo(1));

        // A's bar 10 closes at 5012: the market's bar moves, B keeps the forming 5010 it read.
        Append(folder.Path, [a.Bar(10, close: 5012, at: 660), a.End()]);
        Assert.That(TerminalFiles.Count(folder.Path, $"SELECT COUNT(*) FROM series_bars WHERE series_id = '{b.SeriesId}' AND close = 5010"), Is.EqualTo(1));
        var later = pusher.Push(folder.Path);
        using (var reference = TeamPusher.Connect(once.ConnectionString))
        {
            reference.Push(folder.Path);
        }

        Assert.That(later.LaterRuns, Is.EqualTo(1), "only A has new events");
        Assert.That(team.Scalar("SELECT COUNT(*) FROM market_bars WHERE forming_utc IS NULL AND close = 5012"), Is.EqualTo(1));
        Assert.That(team.Scalar($"SELECT COUNT(*) FROM series_bars WHERE series_id = '{b.SeriesId}' AND close = 5010 AND forming_utc IS NOT NULL"), Is.EqualTo(1));
        AssertSameBars(folder.Path, team);
        foreach (var table in new[] { "market_bars", "series_bars" })
        {
            using var left = team.Open();
            using var right = once.Open();
            Assert.That(TerminalFiles.Lines(left, $"SELECT * FROM {table}"), Is.EqualTo(TerminalFiles.Lines(right, $"SELECT * FROM {table}")), table);
        }
    }

    [Test]
    public void A_team_store_of_schema_11_keeps_every_run_s_bars_and_events_through_the_view_after_migrating()
    {
        using var team = PostgresServer.CreateDatabase(migrated: false);
        using var connection = team.Open();
        QuantowerRecorder.Storage.PostgreSql.Schema.TeamMigrator.Migrate(connection, TimeProvider.System, 11);
        using (var rows = new Npgsql.NpgsqlCommand("""
                   INSERT INTO strategies(strategy_id, name, created_utc) VALUES ('s', 'S', '2026-03-02T00:00:00.0000000Z');
                   INSERT INTO strategy_instances(instance_id, strategy_id, parameters_json, created_utc) VALUES ('i', 's', '{}', '2026-03-02T00:00:00.0000000Z');
                   INSERT INTO strategy_runs(run_id, instance_id, run_type, start_utc, status, created_utc)
                   VALUES ('r', 'i', 'BACKTEST', '2026-03-02T00:00:00.0000000Z', 'COMPLETED', '2026-03-02T00:00:00.0000000Z');
                   INSERT INTO run_series(series_id, run_id, symbol, timeframe, created_utc) VALUES ('x', 'r', 'ES', '1m', '2026-03-02T00:00:00.0000000Z');
                   INSERT INTO bars(series_id, ts_utc, open, high, low, close, volume)
                   SELECT 'x', '2026-03-02T00:0' || n || ':00.0000000Z', 1, 2, 0.5, 1.5, n FROM generate_series(0, 9) n;
                   INSERT INTO ingest_events(run_id, event_type, event_utc, payload_json, received_utc, sequence)
                   VALUES ('r', 'BAR', '2026-03-02T00:01:00.0000000Z', '{"series_id":"x"}', '2026-03-02T00:01:00.0000000Z', 1);
                   """, connection))
        {
            rows.ExecuteNonQuery();
        }

        var before = TerminalFiles.Lines(connection, "SELECT series_id, ts_utc, open, high, low, close, volume FROM bars");
        // Up to schema 12, the migration this test is about (bars stored once); later ones are other tests'.
        var applied = QuantowerRecorder.Storage.PostgreSql.Schema.TeamMigrator.Migrate(connection, TimeProvider.System, 12);

        Assert.That(applied, Is.EqualTo(1));
        Assert.That(before, Has.Count.EqualTo(10));
        Assert.That(TerminalFiles.Lines(connection, "SELECT series_id, ts_utc, open, high, low, close, volume FROM bars"), Is.EqualTo(before));
        Assert.That(team.Scalar("SELECT COUNT(*) FROM bar_data"), Is.EqualTo(10));
        Assert.That(team.Scalar("SELECT COUNT(*) FROM bar_shares WHERE series_id = 'x' AND from_series_id = 'x'"), Is.EqualTo(1), "the series sees its own bars");
        Assert.That(team.Scalar("SELECT COUNT(*) FROM v_events"), Is.EqualTo(1));
    }

    private static void Append(string path, IEnumerable<RecorderEvent> events)
    {
        using var session = RecorderSession.Open(path);
        foreach (var e in events)
        {
            session.Record(e);
        }

        Assert.That(session.Close(TimeSpan.FromSeconds(30)).Completed, Is.True);
    }

    private static List<string> Record(string path, int passes)
    {
        var ids = new List<string>();
        using (var session = RecorderSession.Open(path))
        {
            for (var p = 0; p < passes; p++)
            {
                var pass = new Scenario(source: RunSource.Backtest, parameters: new Dictionary<string, object?> { ["period"] = 10 + p, ["threshold"] = 1.5 });
                ids.Add(pass.RunId);
                foreach (var e in pass.Start().Concat(Enumerable.Range(0, 50).Select(m => (RecorderEvent)pass.Bar(m, close: 5000 + (m % 9)))).Append(pass.End()))
                {
                    session.Record(e);
                }

                // Each pass is committed before the next starts, as an optimiser's passes follow one another.
                session.Flush(TimeSpan.FromSeconds(30));
            }

            Assert.That(session.Close(TimeSpan.FromSeconds(30)).Completed, Is.True);
        }

        return ids;
    }

    private static void AssertSameBars(string path, TeamDatabase team)
    {
        using var file = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        file.Open();
        using var pg = team.Open();
        var expected = TerminalFiles.Lines(file, BarsOfRuns);
        Assert.That(expected, Is.Not.Empty);
        Assert.That(TerminalFiles.Lines(pg, BarsOfRuns), Is.EqualTo(expected));
    }
}
