using Dapper;
using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Storage.PostgreSql.Schema;
using QuantowerRecorder.Storage.PostgreSql.Source;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Team;

/// <summary>The team schema in PostgreSQL is the SQLite schema (schema.sql), table for table, as docs/team-store.md maps it.</summary>
[Category("PostgreSQL")]
public sealed class TeamSchemaTests
{
    [Test]
    public void Team_schema_has_every_table_column_key_index_and_view_of_schema_sql_as_docs_team_store_md_maps_them()
    {
        using var db = new TempDatabase();
        // schema.sql as Storage embeds it: what a new file is made of (SchemaTests checks that a migrated file equals it).
        using (var file = new SqliteConnection($"Data Source={db.Path};Pooling=False"))
        {
            file.Open();
            file.Execute(Migrator.ReadResource("QuantowerRecorder.Storage.schema.sql"));
        }

        using var team = PostgresServer.CreateDatabase(migrated: false);
        using var connection = team.Open();
        TeamMigrator.Migrate(connection, TimeProvider.System);

        var (expected, actual, problems) = TeamSchemaMapping.Read().Apply(SchemaShape.OfSqlite(db.Path), SchemaShape.OfPostgres(connection));

        Assert.That(problems, Is.Empty, $"the mapping ({TeamSchemaMapping.Document}, \"The schema beside schema.sql\") does not fit schema.sql");
        Assert.That(expected.Except(actual), Is.Empty,
            $"in schema.sql (mapped as {TeamSchemaMapping.Document} says) but not in the team store's migrations: add a team migration, or say in {TeamSchemaMapping.Document} why the team store differs");
        Assert.That(actual.Except(expected), Is.Empty, $"in the team store's migrations but not in schema.sql, nor in {TeamSchemaMapping.Document} as the team's own");
        Assert.That(expected, Has.Some.StartsWith("view v_instance_comparison(").And.Some.EqualTo("column strategy_instances.parameters_json jsonb NOT NULL")
            .And.Some.EqualTo($"index idx_runs_running ON strategy_runs(status){SchemaShape.Partial}"), "the comparison reads views, types and partial indexes");
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
