using Npgsql;
using NUnit.Framework;
using QuantowerRecorder.Storage.PostgreSql.Schema;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Team;

/// <summary>
/// Team schema 15 (the file's schema 17, bars by market and time): a team store of schema 14 keeps every series' bars
/// as it read them, now under the team's markets, and the views give the file's fixed-width times.
/// </summary>
[Category("PostgreSQL")]
public sealed class TeamBarsMigrationTests
{
    private const string Bars = "SELECT series_id, ts_utc, open, high, low, close, volume, volumetric_json::text FROM bars";

    private const string BarEvents = "SELECT id, event_json ->> 'series_id', event_json ->> 'open_utc', event_json ->> 'close' FROM v_events WHERE event_type = 'BAR'";

    [Test]
    public void A_team_store_of_schema_14_keeps_every_series_bars_under_its_market_after_migrating()
    {
        using var team = PostgresServer.CreateDatabase(migrated: false);
        using var connection = team.Open();
        TeamMigrator.Migrate(connection, TimeProvider.System, 14);
        // x records ES 1m; y (a later pass) shares x's first five bars and holds the rest itself, bar 5 at another
        // price; z records NQ 1m in a run still RUNNING. Times carry fractions, as a provider's may.
        Execute(connection, """
            INSERT INTO strategies(strategy_id, name, created_utc) VALUES ('s', 'S', '2026-03-02T00:00:00.0000000Z');
            INSERT INTO strategy_instances(instance_id, strategy_id, parameters_json, created_utc) VALUES ('i', 's', '{}', '2026-03-02T00:00:00.0000000Z');
            INSERT INTO strategy_runs(run_id, instance_id, run_type, start_utc, status, created_utc) VALUES
              ('r1', 'i', 'BACKTEST', '2026-03-02T00:00:00.0000000Z', 'COMPLETED', '2026-03-02T00:00:00.0000000Z'),
              ('r2', 'i', 'BACKTEST', '2026-03-02T00:00:00.0000000Z', 'COMPLETED', '2026-03-02T00:00:01.0000000Z'),
              ('r3', 'i', 'LIVE', '2026-03-02T00:00:00.0000000Z', 'RUNNING', '2026-03-02T00:00:02.0000000Z');
            INSERT INTO run_series(series_id, run_id, symbol, timeframe, created_utc) VALUES
              ('x', 'r1', 'ES', '1m', '2026-03-02T00:00:00.0000000Z'),
              ('y', 'r2', 'ES', '1m', '2026-03-02T00:00:01.0000000Z'),
              ('z', 'r3', 'NQ', '1m', '2026-03-02T00:00:02.0000000Z');
            INSERT INTO bar_data(series_id, ts_utc, open, high, low, close, volume, volumetric_json)
            SELECT 'x', '2026-03-02T00:0' || n || ':00.00' || n || '0001Z', 1, 2, 0.5, 1.5 + n, n, '{"levels":[1,2]}' FROM generate_series(0, 9) n;
            INSERT INTO bar_data(series_id, ts_utc, open, high, low, close, volume)
            SELECT 'y', '2026-03-02T00:0' || n || ':00.00' || n || '0001Z', 1, 2, 0.5, CASE WHEN n = 5 THEN 99 ELSE 1.5 + n END, n FROM generate_series(5, 9) n;
            UPDATE bar_data SET volumetric_json = '{"levels":[1,2]}' WHERE series_id = 'y';
            INSERT INTO bar_data(series_id, ts_utc, open, high, low, close, volume)
            SELECT 'z', '1999-12-31T23:5' || n || ':00.0000000Z', 7, 8, 6, 7, NULL FROM generate_series(7, 9) n;
            INSERT INTO bar_shares(series_id, first_utc, last_utc, from_series_id)
            SELECT series_id, '0000-01-01T00:00:00.0000000Z', '9999-12-31T23:59:59.9999999Z', series_id FROM run_series;
            INSERT INTO bar_shares(series_id, first_utc, last_utc, from_series_id, bar_count) VALUES
              ('y', '2026-03-02T00:00:00.0000001Z', '2026-03-02T00:04:00.0040001Z', 'x', 5);
            INSERT INTO ingest_events(run_id, event_type, event_utc, payload_json, received_utc, sequence) VALUES
              ('r2', 'BARS_SHARED', '2026-03-02T00:05:00.0000000Z',
               '{"series_id":"y","first_utc":"2026-03-02T00:00:00.0000001Z","last_utc":"2026-03-02T00:04:00.0040001Z","bar_count":5}',
               '2026-03-02T00:05:00.0000000Z', 1);
            """);
        var before = TerminalFiles.Lines(connection, Bars);
        var eventsBefore = TerminalFiles.Lines(connection, BarEvents);

        var applied = TeamMigrator.Migrate(connection, TimeProvider.System);

        Assert.That(applied, Is.EqualTo(TeamMigrator.CurrentVersion - 14), "15 (bars by market and time) and every one after it");
        Assert.That(before, Has.Count.EqualTo(23), "x's 10, y's 5 shared and 5 own, z's 3");
        Assert.That(TerminalFiles.Lines(connection, Bars), Is.EqualTo(before));
        Assert.That(eventsBefore, Has.Count.EqualTo(5));
        Assert.That(TerminalFiles.Lines(connection, BarEvents), Is.EqualTo(eventsBefore), "the shared stretch reads as the same BAR events");
        Assert.That(TerminalFiles.Lines(connection, "SELECT symbol, timeframe, source, volumetric FROM bar_markets"),
            Is.EqualTo(new[] { "ES|1m||0", "NQ|1m||0" }));
        Assert.That(team.Scalar("SELECT COUNT(*) FROM market_bars"), Is.EqualTo(13), "ES's 10 bars once, NQ's 3");
        Assert.That(TerminalFiles.Lines(connection, "SELECT series_id, ts, close FROM series_bars"),
            Is.EqualTo(new[] { "y|17724099000050001|99" }), "y keeps its own bar 5, the rest are the market's");
        Assert.That(TerminalFiles.Lines(connection, "SELECT series_id, first_bar, last_bar FROM run_series"), Is.EqualTo(new[]
        {
            "x|17724096000000001|17724101400090001", "y|17724096000000001|17724101400090001", "z|9466846200000000|9466847400000000",
        }));
        Assert.That(TerminalFiles.Lines(connection, "SELECT ts, forming_utc FROM market_bars WHERE forming_utc IS NOT NULL"),
            Is.EqualTo(new[] { "9466847400000000|9466847400000000" }), "the newest bar of a run still RUNNING may be forming");
        Assert.That(team.Scalar("SELECT COUNT(*) FROM information_schema.tables WHERE table_name IN ('bar_data', 'bar_shares')"), Is.Zero);
    }

    [Test]
    public void Bar_times_read_back_as_the_fixed_width_text_sqlite_gives()
    {
        using var team = PostgresServer.CreateDatabase();
        using var connection = team.Open();
        using var file = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        file.Open();
        long[] times = [0, 1, 9_999_999, 17_724_096_000_000_001, 9_466_847_999_999_999, 2_534_023_007_999_999_999, 123_456_789_012_345_678];
        foreach (var ts in times)
        {
            using var sqlite = file.CreateCommand();
            sqlite.CommandText = "SELECT strftime('%Y-%m-%dT%H:%M:%S', $ts / 10000000, 'unixepoch') || printf('.%07dZ', $ts % 10000000)";
            sqlite.Parameters.AddWithValue("$ts", ts);
            var expected = (string)sqlite.ExecuteScalar()!;
            using var pg = new NpgsqlCommand("SELECT recorder_ts_text(@ts), recorder_ts(recorder_ts_text(@ts))", connection);
            pg.Parameters.AddWithValue("ts", ts);
            using var reader = pg.ExecuteReader();
            Assert.That(reader.Read(), Is.True);
            Assert.That(reader.GetString(0), Is.EqualTo(expected), ts.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.That(reader.GetInt64(1), Is.EqualTo(ts), "and back");
        }
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
