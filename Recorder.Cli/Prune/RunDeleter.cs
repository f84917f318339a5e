using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Cli.Prune;

/// <summary>
/// Deletes runs with every row that belongs to them, in every table that has a run_id (found from the schema, so a
/// table added later is not forgotten), plus their bars; then instances and strategies no run uses any more.
/// </summary>
internal static class RunDeleter
{
    public static IReadOnlyList<string> RunTables(SqliteConnection connection) => connection.Query<string>(
        """
        SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
        WHERE m.type = 'table' AND p.name = 'run_id' AND m.name <> 'strategy_runs' ORDER BY m.name
        """).ToList();

    /// <summary>Rows per table that deleting these runs removes.</summary>
    public static IReadOnlyList<(string Table, long Rows)> Count(SqliteConnection connection, IReadOnlyList<string> runIds)
    {
        var counts = new List<(string, long)>
        {
            ("strategy_runs", runIds.Count),
            ("bars", connection.ExecuteScalar<long>(
                "SELECT COUNT(*) FROM bars WHERE series_id IN (SELECT series_id FROM run_series WHERE run_id IN @runIds)", new { runIds })),
        };
        foreach (var table in RunTables(connection))
        {
            counts.Add((table, connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM {table} WHERE run_id IN @runIds", new { runIds })));
        }

        return counts;
    }

    public static void Delete(SqliteConnection connection, IReadOnlyList<string> runIds)
    {
        // Children and parents are deleted in one transaction; foreign keys are checked once, at commit.
        WriteTransaction.Run(connection, () =>
        {
            connection.Execute("PRAGMA defer_foreign_keys = ON");
            foreach (var chunk in runIds.Chunk(200))
            {
                var args = new { runIds = chunk };
                connection.Execute("DELETE FROM bars WHERE series_id IN (SELECT series_id FROM run_series WHERE run_id IN @runIds)", args);
                foreach (var table in RunTables(connection))
                {
                    connection.Execute($"DELETE FROM {table} WHERE run_id IN @runIds", args);
                }

                connection.Execute("DELETE FROM strategy_runs WHERE run_id IN @runIds", args);
            }

            connection.Execute("DELETE FROM strategy_instances WHERE instance_id NOT IN (SELECT instance_id FROM strategy_runs)");
            connection.Execute("DELETE FROM strategies WHERE strategy_id NOT IN (SELECT strategy_id FROM strategy_instances)");
        });
    }
}
