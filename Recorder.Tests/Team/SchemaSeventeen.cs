namespace QuantowerRecorder.Tests.Team;

/// <summary>
/// Turns a file recorded today (schema 19, first taken to 18 by <see cref="SchemaEighteen"/>) into the file schema 17 made of the same runs: equity points with their
/// time as text and their drawdown stored (equity_data of schema 14), run_equity's view and triggers and v_equity_points
/// as 17 had them. The first step of <see cref="SchemaSixteen"/>, and what the migration to 18 is checked against.
/// </summary>
internal static class SchemaSeventeen
{
    public static void Downgrade(string path)
    {
        SchemaEighteen.Downgrade(path);
        Downgrade18(path);
    }

    private static void Downgrade18(string path) => TerminalFiles.Write(path, """
        PRAGMA foreign_keys = OFF;
        DROP VIEW v_equity_points;
        DROP TRIGGER run_equity_insert;
        DROP TRIGGER run_equity_update;
        DROP TRIGGER run_equity_delete;
        CREATE TEMP TABLE v18_equity AS
        SELECT k.run_key, e.seq, e.ts_utc, e.equity, e.drawdown, e.drawdown_pct, e.repeats, e.repeat_step_ticks
        FROM run_equity e JOIN equity_runs k ON k.run_id = e.run_id;
        DROP VIEW run_equity;
        DROP TABLE equity_data;
        ALTER TABLE equity_runs DROP COLUMN pct_known;
        CREATE TABLE equity_data (
          run_key            INTEGER NOT NULL,
          seq                INTEGER NOT NULL,
          ts_utc             TEXT NOT NULL,
          equity             REAL NOT NULL,
          drawdown           REAL NOT NULL,
          drawdown_pct       REAL,
          repeats            INTEGER NOT NULL DEFAULT 0,
          repeat_step_ticks  INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY(run_key, seq),
          FOREIGN KEY(run_key) REFERENCES equity_runs(run_key)
        ) WITHOUT ROWID;
        INSERT INTO equity_data SELECT * FROM temp.v18_equity ORDER BY run_key, seq;
        DROP TABLE temp.v18_equity;
        """ + Migration("014_equity_compact.sql", "CREATE VIEW run_equity AS", null)
          + Migration("017_bars_by_market.sql", "CREATE VIEW v_equity_points AS", "FROM points p JOIN equity_runs") + """

        UPDATE schema_meta SET value = '17' WHERE key = 'schema_version';
        PRAGMA user_version = 17;
        PRAGMA foreign_keys = ON;
        """);

    // Schema 17's run_equity view and triggers (migration 14) and v_equity_points (migration 17), as those migrations
    // made them: from the statement starting with `from` to the end of the one holding `through` (or of the script).
    internal static string Migration(string name, string from, string? through)
    {
        using var stream = typeof(QuantowerRecorder.Storage.Sqlite.Migrator).Assembly
            .GetManifestResourceStream("QuantowerRecorder.Storage.Migrations." + name)!;
        var script = new StreamReader(stream).ReadToEnd();
        var start = script.IndexOf(from, StringComparison.Ordinal);
        var end = through is null ? script.Length : script.IndexOf(';', script.IndexOf(through, start, StringComparison.Ordinal)) + 1;
        return script[start..end] + Environment.NewLine;
    }
}
