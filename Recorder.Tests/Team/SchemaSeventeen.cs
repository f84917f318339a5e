namespace QuantowerRecorder.Tests.Team;

/// <summary>
/// Turns a file recorded today (schema 18) into the file schema 17 made of the same runs: equity points with their
/// time as text and their drawdown stored (equity_data of schema 14), run_equity's view and triggers and v_equity_points
/// as 17 had them. The first step of <see cref="SchemaSixteen"/>, and what the migration to 18 is checked against.
/// </summary>
internal static class SchemaSeventeen
{
    public static void Downgrade(string path) => TerminalFiles.Write(path, """
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
        CREATE VIEW run_equity AS
        SELECT k.run_id, d.seq, d.ts_utc, d.equity, d.drawdown, d.drawdown_pct, d.repeats, d.repeat_step_ticks
        FROM equity_data d JOIN equity_runs k ON k.run_key = d.run_key;

        -- Writing run_equity writes equity_data: a new run gets the next key; omitted counts are 0, as the table's defaults.
        CREATE TRIGGER run_equity_insert INSTEAD OF INSERT ON run_equity
        BEGIN
          INSERT OR IGNORE INTO equity_runs(run_id) VALUES (NEW.run_id);
          INSERT INTO equity_data(run_key, seq, ts_utc, equity, drawdown, drawdown_pct, repeats, repeat_step_ticks)
          VALUES ((SELECT run_key FROM equity_runs WHERE run_id = NEW.run_id), NEW.seq, NEW.ts_utc, NEW.equity, NEW.drawdown,
                  NEW.drawdown_pct, COALESCE(NEW.repeats, 0), COALESCE(NEW.repeat_step_ticks, 0));
        END;

        CREATE TRIGGER run_equity_update INSTEAD OF UPDATE ON run_equity
        BEGIN
          SELECT RAISE(ABORT, 'run_equity: a point cannot move to another run') WHERE NEW.run_id IS NOT OLD.run_id;
          UPDATE equity_data SET seq = NEW.seq, ts_utc = NEW.ts_utc, equity = NEW.equity, drawdown = NEW.drawdown,
                 drawdown_pct = NEW.drawdown_pct, repeats = NEW.repeats, repeat_step_ticks = NEW.repeat_step_ticks
          WHERE run_key = (SELECT run_key FROM equity_runs WHERE run_id = OLD.run_id) AND seq = OLD.seq;
        END;

        CREATE TRIGGER run_equity_delete INSTEAD OF DELETE ON run_equity
        BEGIN
          DELETE FROM equity_data WHERE run_key = (SELECT run_key FROM equity_runs WHERE run_id = OLD.run_id) AND seq = OLD.seq;
        END;

        CREATE VIEW v_equity_points AS
        WITH RECURSIVE points(run_key, seq, n, repeats, step, ts, equity, drawdown, drawdown_pct) AS (
          SELECT run_key, seq, 0, repeats, repeat_step_ticks,
                 CAST(strftime('%s', substr(ts_utc, 1, 19)) AS INTEGER) * 10000000 + CAST(substr(ts_utc, 21, 7) AS INTEGER),
                 equity, drawdown, drawdown_pct
          FROM equity_data
          UNION ALL
          SELECT run_key, seq, n + 1, repeats, step, ts + step, equity, drawdown, drawdown_pct FROM points WHERE n < repeats)
        SELECT k.run_id, p.seq + p.n AS seq,
               strftime('%Y-%m-%dT%H:%M:%S', p.ts / 10000000, 'unixepoch') || printf('.%07dZ', p.ts % 10000000) AS ts_utc,
               p.equity, p.drawdown, p.drawdown_pct
        FROM points p JOIN equity_runs k ON k.run_key = p.run_key;

        UPDATE schema_meta SET value = '17' WHERE key = 'schema_version';
        PRAGMA user_version = 17;
        PRAGMA foreign_keys = ON;
        """);
}
