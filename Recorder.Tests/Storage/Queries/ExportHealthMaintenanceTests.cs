using Dapper;
using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Queries.Sql;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage.Queries;

[TestFixture]
public sealed class ExportHealthMaintenanceTests
{
    [Test]
    public void Export_tables_are_the_stored_rows_under_stable_columns()
    {
        using var db = new TempDatabase();
        var s = QueryFiles.BracketWinner(db);
        using var reader = RecorderStore.OpenRead(db.Path);

        Assert.That(reader.Exports.Kinds, Is.EqualTo(new[] { "orders", "executions", "trades", "bars", "equity" }));
        var executions = reader.Exports.Table("executions", s.RunId);
        Assert.That(executions.Columns.Take(8), Is.EqualTo(new[] { "execution_id", "order_id", "exec_utc", "symbol", "account_id", "side", "price", "quantity" }));
        Assert.That(executions.Rows.Select(r => r[0]), Is.EqualTo(new[] { "X1", "X2", "X3" }));
        Assert.That(executions.Rows[2][6], Is.EqualTo(5010.0).And.TypeOf<double>(), "values as SQLite holds them");
        Assert.That(reader.Exports.Table("orders", s.RunId).Columns.TakeLast(2), Is.EqualTo(new[] { "oco_group_id", "oco_role" }));
        Assert.That(reader.Exports.Table("bars", s.RunId).Rows, Has.Count.EqualTo(3));
        Assert.Throws<ArgumentException>(() => reader.Exports.Table("strategy_runs; DROP TABLE bars", s.RunId));
        Assert.Throws<ArgumentException>(() => reader.Exports.WholeTable("ingest_events"));
        Assert.That(reader.Exports.WholeTable("orders").Rows, Has.Count.EqualTo(3));
    }

    [Test]
    public void A_clean_file_passes_every_check_and_its_schema_is_current()
    {
        using var db = new TempDatabase();
        QueryFiles.BracketWinner(db);
        using var reader = RecorderStore.OpenRead(db.Path);

        var report = reader.Health.Check();
        Assert.That(report.Checks.Select(c => c.Name), Is.EqualTo(new[] { "integrity", "schema", "orphaned rows", "running runs", "quarantine" }));
        Assert.That(report.Checks.Select(c => c.Status), Is.All.EqualTo(HealthStatus.Ok));
        Assert.That((report.Healthy, report.AbandonedRunIds.Count), Is.EqualTo((true, 0)));

        var schema = reader.Health.Schema();
        Assert.That((schema.UserVersion, schema.MetaVersion, schema.CurrentVersion, schema.HasDerivedTables),
            Is.EqualTo(((long)RecorderStore.CurrentSchemaVersion, (string?)RecorderStore.CurrentSchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), RecorderStore.CurrentSchemaVersion, true)));
        Assert.That(schema.FileBytes, Is.EqualTo(new FileInfo(db.Path).Length));
        Assert.That(reader.Health.QuarantinedEvents(), Is.Zero);
    }

    [Test]
    public void Schema_meta_that_disagrees_with_user_version_is_an_error()
    {
        using var db = new TempDatabase();
        QueryFiles.BracketWinner(db);
        using (var writer = DatabaseFile.OpenForWriting(db.Path, QueryFiles.Clock))
        {
            using var command = writer.CreateCommand();
            command.CommandText = "UPDATE schema_meta SET value = '2' WHERE key = 'schema_version'";
            command.ExecuteNonQuery();
        }

        using var reader = RecorderStore.OpenRead(db.Path);
        var schema = reader.Health.Check().Checks.Single(c => c.Name == "schema");

        Assert.That(schema.Status, Is.EqualTo(HealthStatus.Error));
        Assert.That(schema.Detail, Does.Contain("schema_meta.schema_version says 2"));
    }

    [Test]
    public void A_call_reads_one_snapshot_and_the_next_call_sees_what_was_committed_since()
    {
        using var db = new TempDatabase();
        var s = QueryFiles.BracketWinner(db);
        using var session = new ReadConnection(DatabaseFile.OpenForReading(db.Path), db.Path);
        string? Error(System.Data.Common.DbConnection c) => c.ExecuteScalar("SELECT error_message FROM strategy_runs WHERE run_id = @run", new { run = s.RunId }) as string;

        var (before, during) = session.Read(c =>
        {
            var first = Error(c);
            Edit(db.Path, s.RunId, "edited"); // another program commits while the call reads
            return (first, Error(c));
        });

        Assert.That((before, during), Is.EqualTo(((string?)null, (string?)null)), "one call, one snapshot");
        Assert.That(session.Read(Error), Is.EqualTo("edited"), "the next call reads the file as it is then");
    }

    [Test]
    public void A_read_session_cannot_write()
    {
        using var db = new TempDatabase();
        var s = QueryFiles.BracketWinner(db);
        using var session = new ReadConnection(DatabaseFile.OpenForReading(db.Path), db.Path);

        Assert.Throws<SqliteException>(() => session.Read(c => c.ExecuteScalar("DELETE FROM run_metrics_kv")));
        Assert.That(session.Read(c => c.ExecuteScalar("SELECT COUNT(*) FROM run_metrics_kv")), Is.GreaterThan(0L));
        Assert.That(session.Read(c => c.ExecuteScalar("SELECT status FROM strategy_runs WHERE run_id = @run", new { run = s.RunId })), Is.EqualTo("COMPLETED"),
            "the failed call was rolled back and the session still reads");
    }

    private static void Edit(string path, string runId, string error)
    {
        using var writer = DatabaseFile.OpenForWriting(path, QueryFiles.Clock);
        using var command = writer.CreateCommand();
        command.CommandText = "UPDATE strategy_runs SET error_message = $error WHERE run_id = $run";
        command.Parameters.AddWithValue("$error", error);
        command.Parameters.AddWithValue("$run", runId);
        command.ExecuteNonQuery();
    }

    [Test]
    public void Deleting_runs_removes_every_row_of_theirs_and_the_instances_no_run_uses()
    {
        using var db = new TempDatabase();
        var winner = QueryFiles.BracketWinner(db);
        var loser = QueryFiles.LiveLoser(db);

        using (var maintenance = RecorderStore.OpenMaintenance(db.Path, QueryFiles.Clock))
        {
            var counts = maintenance.CountRows([winner.RunId]).ToDictionary(c => c.Table, c => c.Rows);
            Assert.That((counts["strategy_runs"], counts["bars"], counts["orders"], counts["executions"], counts["order_oco_links"], counts["run_trades"]),
                Is.EqualTo((1L, 3L, 3L, 3L, 3L, 1L)));
            maintenance.DeleteRuns([winner.RunId]);
        }

        using var reader = RecorderStore.OpenRead(db.Path);
        Assert.That(reader.Runs.Ids(), Is.EqualTo(new[] { loser.RunId }));
        Assert.That(reader.Catalog.Strategies().Select(s => s.Name), Is.EqualTo(new[] { "Other strategy" }));
        Assert.That(reader.Trading.Orders(winner.RunId), Is.Empty);
        Assert.That(reader.MarketData.Series(winner.RunId), Is.Empty);
        Assert.That(reader.Health.Check().Healthy, Is.True, "no orphaned rows are left");
    }

    [Test]
    public void A_write_lock_held_by_another_program_is_seen()
    {
        using var db = new TempDatabase();
        QueryFiles.BracketWinner(db);
        Assert.That(RecorderStore.IsWriteLocked(db.Path), Is.False);

        using var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db.Path, Pooling = false }.ToString());
        other.Open();
        using var begin = other.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        begin.ExecuteNonQuery();

        Assert.That(RecorderStore.IsWriteLocked(db.Path), Is.True);
    }
}
