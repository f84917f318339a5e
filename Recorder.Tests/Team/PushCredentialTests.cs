using NUnit.Framework;
using QuantowerRecorder.Storage.PostgreSql;
using QuantowerRecorder.Tests.Support;
using CliRunner = QuantowerRecorder.Tests.Cli.Cli;

namespace QuantowerRecorder.Tests.Team;

/// <summary>Where push finds the team database, and that its password never appears in what push prints.</summary>
[Category("PostgreSQL")]
public sealed class PushCredentialTests
{
    private const string Secret = "s3cret-Pa55";

    [TestCase("Host=db.example;Username=trader;Password=s3cret-Pa55;Database=team", "Host=db.example;Username=trader;Password=****;Database=team")]
    [TestCase("host=db;PWD=s3cret-Pa55", "Host=db;Password=****")]
    [TestCase("Host=db;Password=\"s3cret;Pa55\";Database=team", "Host=db;Password=****;Database=team")]
    [TestCase("Host=db;Bogus Key=1;Password=s3cret-Pa55", "Host=db;Bogus Key=1;Password=****")]
    [TestCase("postgresql://trader:s3cret-Pa55@db.example:5433/team", "postgresql://trader:****@db.example:5433/team")]
    [TestCase("postgresql://trader@db.example/team", "postgresql://trader@db.example/team")]
    public void Masked_replaces_the_password_in_keyword_and_url_forms(string given, string expected) =>
        Assert.That(ConnectionStrings.Masked(given), Is.EqualTo(expected));

    [Test]
    public void A_url_becomes_the_keyword_form_with_its_parts()
    {
        var normalized = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionStrings.Normalize("postgresql://trader:p%40ss@db.example:5433/team"));

        Assert.That((normalized.Host, normalized.Port, normalized.Username, normalized.Password, normalized.Database),
            Is.EqualTo(("db.example", 5433, "trader", "p@ss", "team")));
    }

    [Test]
    public void A_server_that_cannot_be_reached_is_an_error_that_never_shows_the_password()
    {
        using var folder = new TempDatabase();
        TerminalFiles.Record(folder.Path, runs: 1, tradesPerRun: 1, barsPerRun: 1);
        var unreachable = $"Host=127.0.0.1;Port=1;Username=trader;Password={Secret};Database=team;Timeout=2";

        var run = CliRunner.Run(folder.Folder, "push", "--to", unreachable, folder.Path);

        Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
        Assert.That(run.Error, Does.Contain("Cannot use the team database Host=127.0.0.1;Port=1;Username=trader;Password=****"));
        Assert.That(run.Out + run.Error, Does.Not.Contain(Secret));
    }

    [Test]
    public void The_connection_string_comes_from_a_file_or_the_environment_and_is_printed_masked()
    {
        using var folder = new TempDatabase();
        TerminalFiles.Record(folder.Path, runs: 1, tradesPerRun: 1, barsPerRun: 1);
        using var team = PostgresServer.CreateDatabase();
        // Trust authentication ignores the password, so a real push shows that it is masked wherever it is printed.
        var withPassword = team.ConnectionString + ";Password=" + Secret;
        var file = folder.Sibling("team.conn");
        File.WriteAllText(file, "# the team database\n" + withPassword + "\n");

        var fromFile = CliRunner.Run(folder.Folder, "push", "--to-file", file, folder.Path);
        var fromVariable = CliRunner.Run(folder.Folder, env => env with { TeamDatabaseVariable = withPassword }, "push", folder.Path);

        Assert.That(fromFile.ExitCode, Is.EqualTo(0), fromFile.ToString());
        Assert.That(fromFile.Out, Does.Contain("Password=****").And.Contain("1 of 1 runs pushed (1 new"));
        Assert.That(fromVariable.ExitCode, Is.EqualTo(0), fromVariable.ToString());
        Assert.That(fromVariable.Out, Does.Contain("nothing new (1 runs up to date, 0 rows sent)"));
        Assert.That(fromFile.Out + fromFile.Error + fromVariable.Out + fromVariable.Error, Does.Not.Contain(Secret));
    }

    [Test]
    public void Without_a_team_database_push_says_where_to_give_one()
    {
        using var folder = new TempDatabase();

        var run = CliRunner.Run(folder.Folder, "push", folder.Path);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Error, Does.Contain("give --to <connection string>, --to-file <file>, or set RECORDER_TEAM_DB"));
    }

    [Test]
    public void A_file_that_is_not_a_recorder_database_is_reported_and_the_others_are_pushed()
    {
        using var folder = new TempDatabase();
        TerminalFiles.Record(folder.Path, runs: 1, tradesPerRun: 1, barsPerRun: 1);
        var missing = folder.Sibling("missing.db");
        using var team = PostgresServer.CreateDatabase();

        var run = CliRunner.Run(folder.Folder, "push", "--to", team.ConnectionString, missing, folder.Path);

        Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
        Assert.That(run.Error, Does.Contain($"{missing} does not exist."));
        Assert.That(run.Out, Does.Contain($"{folder.Path}: 1 of 1 runs pushed"));
    }
}
