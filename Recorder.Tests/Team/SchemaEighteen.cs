namespace QuantowerRecorder.Tests.Team;

/// <summary>
/// Turns a file recorded today (schema 20; first made schema 19's, <see cref="SchemaNineteen"/>) into the file schema 18
/// made of the same runs: every equity point a row of
/// its own, as run_equity computes it (a stride marked on a series' bars becomes its points), equity_data without the
/// mark columns, and run_equity's view, triggers and v_equity_points as migration 18 made them. The first step of
/// <see cref="SchemaSeventeen"/>, and what the migration to 19 is checked against.
/// </summary>
internal static class SchemaEighteen
{
    public static void Downgrade(string path)
    {
        SchemaNineteen.Downgrade(path);
        Downgrade19(path);
    }

    private static void Downgrade19(string path) => TerminalFiles.Write(path, """
        PRAGMA foreign_keys = OFF;
        CREATE TEMP TABLE v19_equity AS
        SELECT k.run_key, e.seq, e.ts, e.equity, e.repeats, e.repeat_step_ticks
        FROM v_equity_rows e JOIN equity_runs k ON k.run_id = e.run_id;
        DROP VIEW v_equity_points;
        DROP VIEW run_equity;
        DROP VIEW v_equity_rows;
        DELETE FROM equity_data;
        ALTER TABLE equity_data DROP COLUMN mark_series;
        ALTER TABLE equity_data DROP COLUMN mark_factor;
        INSERT INTO equity_data SELECT * FROM temp.v19_equity ORDER BY run_key, seq;
        DROP TABLE temp.v19_equity;
        """ + SchemaSeventeen.Migration("018_equity_points.sql", "CREATE VIEW run_equity AS", "FROM equity_data d JOIN equity_runs k ON k.run_key = d.run_key)")
          + SchemaSeventeen.Migration("018_equity_points.sql", "CREATE TRIGGER run_equity_insert", null) + """

        UPDATE schema_meta SET value = '18' WHERE key = 'schema_version';
        PRAGMA user_version = 18;
        PRAGMA foreign_keys = ON;
        """);
}
