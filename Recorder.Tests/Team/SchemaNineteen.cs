namespace QuantowerRecorder.Tests.Team;

/// <summary>
/// Turns a file recorded today (schema 25, whose rounding views, per-run views and indexes of the runs' trials it takes
/// back first) into the file schema 19 made of the same runs: no money decimals in equity_runs; run_equity (with the
/// triggers 25 took away), v_runs, v_oco_groups and v_equity_points as migrations 19, 5, 4 and 19 made them, the
/// instance and insight views as 7 and 6 made them, no record of the times a series did not see (series_unseen, which a
/// file of one run over its own bars leaves empty), and v_series_bars and v_equity_rows as migrations 17 and 19 made
/// them. The first step of <see cref="SchemaEighteen"/>.
/// </summary>
internal static class SchemaNineteen
{
    public static void Downgrade(string path) => TerminalFiles.Write(path, """
        DROP VIEW v_equity_points;
        DROP VIEW run_equity;
        DROP VIEW v_instance_comparison;
        DROP VIEW v_pnl_by_entry_delta;
        DROP VIEW v_bracket_outcomes;
        DROP VIEW v_instance_shortfall;
        DROP VIEW v_equity_rows;
        ALTER TABLE equity_runs DROP COLUMN money_decimals;
        DROP VIEW v_series_bars;
        DROP TABLE series_unseen;
        DROP INDEX idx_series_market;
        DROP INDEX idx_runs_running;
        DROP INDEX idx_instances_strategy;
        DROP INDEX idx_runs_author_study;
        DROP VIEW v_runs;
        DROP VIEW v_oco_groups;
        """ + SchemaSeventeen.Migration("005_smaller_files.sql", "CREATE VIEW v_runs AS", "JOIN strategies s")
          + SchemaSeventeen.Migration("004_instruments.sql", "CREATE VIEW v_oco_groups AS", "FROM order_oco_groups g")
          + SchemaSeventeen.Migration("019_equity_marked_on_bars.sql", "CREATE VIEW v_equity_points AS", "FROM points;")
          + SchemaSeventeen.Migration("017_bars_by_market.sql", "CREATE VIEW v_series_bars AS", "FROM series_bars o")
          + SchemaSeventeen.Migration("019_equity_marked_on_bars.sql", "CREATE VIEW v_equity_rows AS", "JOIN series_bars o ON o.series_id = d.mark_series")
          + SchemaSeventeen.Migration("019_equity_marked_on_bars.sql", "CREATE VIEW run_equity AS", "CREATE TRIGGER run_equity_delete") + "END;\n"
          + SchemaSeventeen.Migration("007_instance_pooled_rates.sql", "CREATE VIEW v_instance_comparison AS", "GROUP BY i.instance_id")
          + SchemaSeventeen.Migration("006_insight.sql", "CREATE VIEW v_pnl_by_entry_delta AS", "GROUP BY t.run_id")
          + SchemaSeventeen.Migration("006_insight.sql", "CREATE VIEW v_bracket_outcomes AS", "GROUP BY c.run_id")
          + SchemaSeventeen.Migration("006_insight.sql", "CREATE VIEW v_instance_shortfall AS", "GROUP BY r.instance_id") + """

        UPDATE schema_meta SET value = '19' WHERE key = 'schema_version';
        PRAGMA user_version = 19;
        """);
}
