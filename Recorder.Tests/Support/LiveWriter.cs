using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Tests.Support;

/// <summary>
/// A writer that changes a file while a reader reads it: a run's analysis stored again with other figures — its end,
/// every metric and its notes — in one transaction on a writing connection of its own, as `recorder analyze` does.
/// </summary>
internal static class LiveWriter
{
    private static readonly TestClock Clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    public static void Commit(string path, string runId)
    {
        using var connection = DatabaseFile.OpenForWriting(path, Clock);
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE strategy_runs SET end_utc = '2026-04-02T00:00:01.0000000Z',
                metrics_json = json_set(metrics_json, '$.notes', json_array('point_value: XYZ had no point value recorded: 1 assumed'))
            WHERE run_id = @run;
            UPDATE run_metrics_kv SET value = 2 * value + 1 WHERE run_id = @run AND value IS NOT NULL;
            """;
        command.Parameters.AddWithValue("@run", runId);
        if (command.ExecuteNonQuery() == 0)
        {
            throw new InvalidOperationException("no run " + runId);
        }

        transaction.Commit();
    }
}
