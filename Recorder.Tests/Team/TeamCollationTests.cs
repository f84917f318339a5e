using NUnit.Framework;
using QuantowerRecorder.Storage.PostgreSql;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Tests.Support;
using CliRunner = QuantowerRecorder.Tests.Cli.Cli;

namespace QuantowerRecorder.Tests.Team;

/// <summary>
/// A team database whose default collation follows a language (ICU en-US, as a server set up with a locale has) lists
/// names in the file's byte order: the read API orders text with COLLATE "C".
/// </summary>
[Category("PostgreSQL")]
public sealed class TeamCollationTests
{
    [Test]
    public void Names_are_listed_in_the_files_order_on_a_server_whose_collation_follows_a_language()
    {
        using var folder = new TempDatabase();
        foreach (var strategy in new[] { "alpha", "Beta", "_under" })
        {
            TerminalFiles.Record(folder.Path, runs: 1, strategy: strategy);
        }

        using var server = PostgresServer.CreateDatabase();
        var name = "qr_icu_" + Guid.NewGuid().ToString("N")[..12];
        using (var admin = server.Open())
        using (var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'", admin))
        {
            create.ExecuteNonQuery();
        }

        var team = new Npgsql.NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString;
        try
        {
            var push = CliRunner.Run(folder.Folder, "push", "--to", team, folder.Path);
            Assert.That(push.ExitCode, Is.EqualTo(0), push.ToString());
            using var file = RecorderStore.OpenRead(folder.Path);
            using var pg = TeamStore.OpenRead(team);
            var fileNames = file.Catalog.Strategies().Select(s => s.Name).ToList();

            using (var connection = new Npgsql.NpgsqlConnection(team))
            {
                connection.Open();
                using var byLanguage = new Npgsql.NpgsqlCommand("SELECT name FROM strategies ORDER BY name", connection);
                using var read = byLanguage.ExecuteReader();
                var languageOrder = new List<string>();
                while (read.Read())
                {
                    languageOrder.Add(read.GetString(0));
                }

                Assert.That(languageOrder, Is.Not.EqualTo(fileNames), "the server's own order differs (else this test proves nothing)");
            }

            Assert.That(fileNames, Is.EqualTo(fileNames.Order(StringComparer.Ordinal)));
            Assert.That(pg.Catalog.Strategies().Select(s => s.Name), Is.EqualTo(fileNames));
            Assert.That(pg.Catalog.Instances().Select(i => i.InstanceId), Is.EqualTo(file.Catalog.Instances().Select(i => i.InstanceId)));
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            using var admin = server.Open();
            using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            drop.ExecuteNonQuery();
        }
    }
}
