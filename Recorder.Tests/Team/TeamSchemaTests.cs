using NUnit.Framework;
using QuantowerRecorder.Storage.PostgreSql.Schema;
using QuantowerRecorder.Storage.PostgreSql.Source;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Team;

/// <summary>The team schema in PostgreSQL is the SQLite schema (schema.sql and its migrations), table for table.</summary>
[Category("PostgreSQL")]
public sealed class TeamSchemaTests
{
    [Test]
    public void Team_schema_has_the_tables_columns_keys_indexes_and_views_of_a_migrated_sqlite_file()
    {
        using var db = new TempDatabase();
        // A file as the recorder makes it today: created and migrated by Storage itself, so a new SQLite migration
        // (a dropped index, a new column) shows up here until the team schema has it too.
        RecorderSession.Open(db.Path).Close(TimeSpan.FromSeconds(10));
        using var team = PostgresServer.CreateDatabase(migrated: false);
        using var connection = team.Open();
        TeamMigrator.Migrate(connection, TimeProvider.System);

        var sqlite = SchemaShape.OfSqlite(db.Path);
        var postgres = SchemaShape.OfPostgres(connection);

        Assert.That(postgres.Except(sqlite), Is.Empty, "in the team schema but not in the SQLite file");
        Assert.That(sqlite.Except(postgres), Is.Empty, "in the SQLite file but not in the team schema");
        Assert.That(sqlite, Has.Some.StartsWith("view v_instance_comparison("), "the comparison reads views too");
    }

    [Test]
    public void Json_columns_are_jsonb_except_the_quarantined_payload_which_may_not_be_json()
    {
        using var db = new TempDatabase();
        RecorderSession.Open(db.Path).Close(TimeSpan.FromSeconds(10));
        using var team = PostgresServer.CreateDatabase(migrated: false);
        using var connection = team.Open();
        TeamMigrator.Migrate(connection, TimeProvider.System);

        var sqliteJson = SchemaShape.OfSqlite(db.Path)
            .Where(l => l.StartsWith("column ", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[1])
            .Where(c => c.EndsWith("_json", StringComparison.Ordinal) && c != "ingest_quarantine.payload_json")
            .Order(StringComparer.Ordinal).ToList();

        Assert.That(sqliteJson, Has.Count.GreaterThan(5));
        Assert.That(SchemaShape.JsonbColumns(connection), Is.EqualTo(sqliteJson));
    }

    [Test]
    public void Migrating_twice_applies_nothing_the_second_time_and_records_the_version()
    {
        using var team = PostgresServer.CreateDatabase(migrated: false);
        using var connection = team.Open();

        Assert.That(TeamMigrator.Migrate(connection, TimeProvider.System), Is.EqualTo(TeamMigrator.CurrentVersion));
        Assert.That(TeamMigrator.Migrate(connection, TimeProvider.System), Is.EqualTo(0));
        Assert.That(TeamMigrator.ReadVersion(connection), Is.EqualTo(TeamMigrator.CurrentVersion));
        Assert.That(team.Scalar("SELECT value::bigint FROM schema_meta WHERE key = 'sqlite_schema_version'"), Is.EqualTo(TeamMigrator.SqliteVersion));
    }

    [Test]
    public void Push_accepts_a_file_as_storage_writes_it_today()
    {
        using var db = new TempDatabase();
        RecorderSession.Open(db.Path).Close(TimeSpan.FromSeconds(10));

        Assert.That(() => SourceFile.Open(db.Path, TeamMigrator.SqliteVersion).Dispose(), Throws.Nothing,
            "a new SQLite migration needs its PostgreSQL migration (Recorder.Storage.PostgreSql/Migrations) and TeamMigrator.SqliteVersion raised");
    }
}
