using NUnit.Framework;
using QuantowerRecorder.Cli;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;
using CliRunner = QuantowerRecorder.Tests.Cli.Cli;

namespace QuantowerRecorder.Tests.Team;

/// <summary>The read commands on the team store print what they print for the file that was pushed into it.</summary>
[Category("PostgreSQL")]
public sealed class TeamCliTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private TempDatabase demo = null!;
    private TeamDatabase team = null!;
    private string url = null!;

    [OneTimeSetUp]
    public void PushTheDemo()
    {
        demo = DemoFiles.Create();
        team = PostgresServer.CreateDatabase();
        var push = CliRunner.Run(demo.Folder, "push", "--to", team.ConnectionString, demo.Path);
        Assert.That(push.ExitCode, Is.EqualTo(0), push.ToString());
        var b = new Npgsql.NpgsqlConnectionStringBuilder(team.ConnectionString);
        url = $"postgresql://{b.Username}@{b.Host}:{b.Port}/{b.Database}";
    }

    [OneTimeTearDown]
    public void Drop()
    {
        team.Dispose();
        demo.Dispose();
    }

    [Test]
    public void Read_commands_print_the_same_for_the_file_and_for_the_team_database_in_both_connection_string_forms()
    {
        var (first, second) = TwoRuns();
        string[][] commands =
        [
            ["runs"], ["runs", "--wide"], ["runs", "--json"], ["runs", "--sort", "sharpe", "--desc"], ["runs", "--strategy", "demo", "--type", "paper"],
            ["show", first], ["show", second, "--json"], ["trades", first], ["trades", second, "--json"],
            ["compare", first, second], ["compare", first, second, "--all-metrics"],
            ["export", first, "--what", "orders"], ["export", first, "--what", "executions"], ["export", second, "--what", "trades"],
            ["export", second, "--what", "equity"],
            ["strategies"], ["strategies", "--json"], ["instances"], ["instances", "--json"], ["executions", first], ["bars", first],
            // insight as text only: its sums come from SQL SUM, which SQLite compensates (Kahan–Babuška) and PostgreSQL does
            // not, so the JSON can differ in the 16th digit (22800.69 vs 22800.690000000002) while every printed figure agrees.
            ["reconcile", PaperRun()], ["insight", PaperRun()],
        ];
        foreach (var command in commands)
        {
            var fromFile = Run(demo.Path, command);
            // reconcile exits with 1 when the runs disagree beyond the tolerance: the same answer is what counts.
            Assert.That(fromFile.ExitCode, command[0] == "reconcile" ? Is.EqualTo(0).Or.EqualTo(ExitCodes.ProblemFound) : Is.EqualTo(0), fromFile.ToString());
            foreach (var database in new[] { team.ConnectionString, url })
            {
                var fromTeam = Run(database, command);
                Assert.That(fromTeam.ExitCode, Is.EqualTo(fromFile.ExitCode), fromTeam.ToString());
                Assert.That(fromTeam.Out, Is.EqualTo(fromFile.Out), string.Join(' ', command));
                Assert.That(fromTeam.Error, Is.EqualTo(fromFile.Error), string.Join(' ', command));
                Assert.That((fromTeam.Out + fromTeam.Error).Length, Is.GreaterThan(40), string.Join(' ', command));
            }
        }
    }

    [Test]
    public void Exported_bars_from_the_team_database_are_the_files_with_volumetric_json_in_canonical_key_order()
    {
        var (first, _) = TwoRuns();
        var fromFile = System.Text.Json.Nodes.JsonNode.Parse(Run(demo.Path, ["export", first, "--what", "bars", "--format", "json"]).Out)!.AsArray();
        var fromTeam = System.Text.Json.Nodes.JsonNode.Parse(Run(team.ConnectionString, ["export", first, "--what", "bars", "--format", "json"]).Out)!.AsArray();

        Assert.That(fromTeam, Has.Count.EqualTo(fromFile.Count).And.Count.GreaterThan(10));
        var volumetric = 0;
        for (var i = 0; i < fromFile.Count; i++)
        {
            var fileBar = fromFile[i]!.AsObject();
            var teamBar = fromTeam[i]!.AsObject();
            Assert.That(teamBar.Select(p => p.Key), Is.EqualTo(fileBar.Select(p => p.Key)));
            foreach (var (key, value) in fileBar)
            {
                if (key == "volumetric_json" && value is not null)
                {
                    // jsonb keeps a document's content, not its key order: the team store gives it with sorted keys.
                    volumetric++;
                    var text = (string)teamBar[key]!;
                    Assert.That(text, Is.EqualTo(ComparableJson.Sorted(text)), "compact, keys in ordinal order");
                    Assert.That(text, Is.EqualTo(ComparableJson.Sorted((string)value!)), $"bar {i}");
                }
                else
                {
                    Assert.That(teamBar[key]?.ToJsonString(), Is.EqualTo(value?.ToJsonString()), $"bar {i} {key}");
                }
            }
        }

        Assert.That(volumetric, Is.GreaterThan(0), "the demo records volume analysis");
    }

    [Test]
    public void A_report_from_the_team_database_is_the_files_report_but_for_the_database_it_names()
    {
        var (first, second) = TwoRuns();
        var fileReport = Path.Combine(demo.Folder, "file-report.html");
        var teamReport = Path.Combine(demo.Folder, "team-report.html");

        var fromFile = Run(demo.Path, ["report", first, second, "-o", fileReport]);
        var fromTeam = Run(team.ConnectionString, ["report", first, second, "-o", teamReport]);

        Assert.That((fromFile.ExitCode, fromTeam.ExitCode), Is.EqualTo((0, 0)), fromFile + "\n" + fromTeam);
        var shown = QuantowerRecorder.Storage.PostgreSql.ConnectionStrings.Masked(team.ConnectionString);
        var teamHtml = File.ReadAllText(teamReport);
        Assert.That(teamHtml, Does.Contain(System.Net.WebUtility.HtmlEncode(shown)));
        Assert.That(teamHtml.Replace(System.Net.WebUtility.HtmlEncode(shown), "DATABASE", StringComparison.Ordinal),
            Is.EqualTo(File.ReadAllText(fileReport).Replace(Path.GetFileName(demo.Path), "DATABASE", StringComparison.Ordinal)));
    }

    [Test]
    public void Commands_that_write_or_check_a_file_refuse_the_team_database_and_never_print_its_password()
    {
        var withPassword = new Npgsql.NpgsqlConnectionStringBuilder(team.ConnectionString) { Password = "pa55-word" }.ConnectionString;
        File.WriteAllText(Path.Combine(demo.Folder, "events.jsonl"), "");
        foreach (var command in new[] { new[] { "import", "events.jsonl" }, ["prune", "--older-than", "2020-01-01"], ["verify"], ["replay"], ["demo"], ["push", "--to", team.ConnectionString] })
        {
            var refused = Run(withPassword, command);

            Assert.That(refused.ExitCode, Is.EqualTo(ExitCodes.Usage), refused.ToString());
            Assert.That(refused.Error, Does.Contain("PostgreSQL team database").And.Contain("Password=****"), string.Join(' ', command));
            Assert.That(refused.Out + refused.Error, Does.Not.Contain("pa55-word"), string.Join(' ', command));
        }
    }

    [Test]
    public void An_unreachable_team_database_is_a_database_error_with_the_password_masked()
    {
        var port = new Npgsql.NpgsqlConnectionStringBuilder(team.ConnectionString).Port;
        var wrong = $"Host=127.0.0.1;Port={port};Database=no_such_db;Username=nobody;Password=pa55-word";

        var failed = RunWithVariable(wrong, "runs");

        Assert.That(failed.ExitCode, Is.EqualTo(ExitCodes.Database), failed.ToString());
        Assert.That(failed.Error, Does.Contain("cannot be read").And.Contain("Password=****"));
        Assert.That(failed.Out + failed.Error, Does.Not.Contain("pa55-word"));
    }

    [Test]
    public void RECORDER_DB_may_hold_the_team_database()
    {
        var fromFile = Run(demo.Path, ["runs"]);

        var fromVariable = RunWithVariable(team.ConnectionString, "runs");

        Assert.That(fromVariable.ExitCode, Is.EqualTo(0), fromVariable.ToString());
        Assert.That(fromVariable.Out, Is.EqualTo(fromFile.Out));
    }

    [Test]
    public void The_team_database_may_come_from_a_file_named_by_db()
    {
        var secret = Path.Combine(demo.Folder, "team-connection.txt");
        File.WriteAllText(secret, "# the team database\n\n" + team.ConnectionString + "\n");
        var fromFile = Run(demo.Path, ["runs"]);

        var fromSecret = Run(secret, ["runs"]);
        var refused = Run(secret, ["verify"]);

        Assert.That(fromSecret.ExitCode, Is.EqualTo(0), fromSecret.ToString());
        Assert.That(fromSecret.Out, Is.EqualTo(fromFile.Out));
        Assert.That(refused.ExitCode, Is.EqualTo(ExitCodes.Usage), "verify checks a SQLite file, and this names the team database");
    }

    private (string First, string Second) TwoRuns()
    {
        using var reader = RecorderStore.OpenRead(demo.Path);
        var analysed = reader.Runs.List(new RunQuery { Sort = RunSort.TradeCount, Descending = true }).Runs;
        return (analysed[0].RunId[..10], analysed[1].RunId);
    }

    private string PaperRun()
    {
        using var reader = RecorderStore.OpenRead(demo.Path);
        return reader.Runs.List(new RunQuery { RunType = "PAPER" }).Runs[0].RunId;
    }

    private CliRun Run(string database, string[] args) =>
        CliRunner.Run(demo.Folder, env => env with { Time = new TestClock(Now) }, [.. args, "--db", database]);

    private CliRun RunWithVariable(string database, params string[] args) =>
        CliRunner.Run(demo.Folder, env => env with { Time = new TestClock(Now), DatabaseVariable = database }, args);
}
