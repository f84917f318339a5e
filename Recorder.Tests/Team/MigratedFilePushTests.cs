using NUnit.Framework;
using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.PostgreSql.Push;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Team;

/// <summary>
/// A file of schema 16, migrated to 17 (bars by market and time), pushes into the team store exactly as the same runs
/// recorded today do: every team table, the bars through the view bars, and the events through v_events.
/// </summary>
[Category("PostgreSQL")]
public sealed class MigratedFilePushTests
{
    [Test]
    public void A_file_migrated_from_schema_16_pushes_as_the_same_runs_recorded_fresh_table_by_table()
    {
        using var folder = new TempDatabase();
        var sixteen = folder.Sibling("sixteen.db");
        // Two terminal runs (orders, fills, analysis) over the same bars; three passes of a sweep reading them and more,
        // one with a bar at another price of its own, one with a second market.
        TerminalFiles.Record(folder.Path, runs: 2);
        RecordPasses(folder.Path);
        TerminalFiles.Copy(folder.Path, sixteen);
        SchemaSixteen.Downgrade(sixteen);
        Assert.That(TerminalFiles.Count(sixteen, "PRAGMA user_version"), Is.EqualTo(16));
        Assert.That(TerminalFiles.Count(sixteen, "SELECT COUNT(*) FROM bar_shares WHERE from_series_id <> series_id"), Is.EqualTo(1),
            "the second terminal run shares the first one's bars, as schema 16 stored them");
        Assert.That(TerminalFiles.Count(sixteen, "SELECT COUNT(*) FROM bars"), Is.EqualTo(TerminalFiles.Count(folder.Path, "SELECT COUNT(*) FROM bars")));

        Assert.That(RecorderSession.Open(sixteen).Close(TimeSpan.FromSeconds(30)).Completed, Is.True, "opening the file migrates it");
        Assert.That(TerminalFiles.Count(sixteen, "PRAGMA user_version"), Is.EqualTo(QuantowerRecorder.Storage.Sqlite.Migrator.CurrentVersion), "to 17 (bars by market and time) and on");
        using var fresh = PostgresServer.CreateDatabase();
        using var migrated = PostgresServer.CreateDatabase();
        Push(fresh, folder.Path);
        Push(migrated, sixteen);

        Assert.That(fresh.Scalar("SELECT COUNT(*) FROM series_bars"), Is.EqualTo(1), "the pass' own bar");
        Assert.That(fresh.Scalar("SELECT COUNT(*) FROM bar_markets"), Is.EqualTo(2));
        Assert.That(fresh.Scalar("SELECT COUNT(*) FROM bars"), Is.EqualTo(2 * 20 + 3 * 30 + 10));
        foreach (var table in TeamTable.All.Select(t => t.Name).Concat(["bar_markets", "market_bars", "bars", "v_events"]))
        {
            var sql = $"SELECT {string.Join(", ", IncrementalPushTests.Columns(fresh, table))} FROM {table}";
            using var left = fresh.Open();
            using var right = migrated.Open();
            var rows = TerminalFiles.Lines(left, sql);
            Assert.That(TerminalFiles.Lines(right, sql), Is.EqualTo(rows), table);
        }
    }

    private static void RecordPasses(string path)
    {
        using var session = RecorderSession.Open(path);
        for (var p = 0; p < 3; p++)
        {
            var pass = new Scenario(source: RunSource.Backtest, parameters: new Dictionary<string, object?> { ["period"] = 10 + p, ["threshold"] = 1.5 });
            foreach (var e in pass.Start())
            {
                session.Record(e);
            }

            var nq = Identities.SeriesId(pass.RunId, "NQ", "5m");
            if (p == 2)
            {
                session.Record(new SeriesDefined { RunId = pass.RunId, EventUtc = Scenario.T0, Source = pass.Source, SeriesId = nq, Symbol = "NQ", Timeframe = "5m" });
            }

            for (var b = 0; b < 30; b++)
            {
                // The terminal runs' bars are 5000 + b: the passes read them, and bar 7 of pass 1 is its own.
                session.Record(pass.Bar(b, close: p == 1 && b == 7 ? 4321 : 5000 + b));
                if (p == 2 && b < 10)
                {
                    var bar = pass.Bar(b * 5, close: 17000 + b);
                    session.Record(bar with { SeriesId = nq });
                }
            }

            session.Record(pass.End());
            // Each pass is committed before the next starts, as an optimiser's passes follow one another.
            session.Flush(TimeSpan.FromSeconds(30));
        }

        Assert.That(session.Close(TimeSpan.FromSeconds(30)).Completed, Is.True);
    }

    private static void Push(TeamDatabase team, string path)
    {
        using var pusher = TeamPusher.Connect(team.ConnectionString);
        var pushed = pusher.Push(path);
        Assert.That(pushed.Conflicts, Is.Empty, path);
    }
}
