using NUnit.Framework;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Cli.Parquet;
using QuantowerRecorder.Tests.Support;
using CliRunner = QuantowerRecorder.Tests.Cli.Cli;

namespace QuantowerRecorder.Tests.Team;

/// <summary>Parquet export and artifacts from the team store hold what they hold from the file that was pushed into it.</summary>
[Category("PostgreSQL")]
public sealed class TeamParquetTests
{
    private TempDatabase demo = null!;
    private TeamDatabase team = null!;
    private string runId = null!;

    [OneTimeSetUp]
    public void PushTheDemo()
    {
        demo = DemoFiles.Create();
        runId = Db.Scalar<string>(demo.Path,
            "SELECT run_id FROM strategy_runs JOIN strategy_instances USING (instance_id) WHERE symbol = 'BTCUSDT' ORDER BY start_utc, run_id LIMIT 1");
        ParquetExportTests.Mark(demo.Path, runId);
        team = PostgresServer.CreateDatabase();
        var push = CliRunner.Run(demo.Folder, "push", "--to", team.ConnectionString, demo.Path);
        Assert.That(push.ExitCode, Is.EqualTo(0), push.ToString());
    }

    [OneTimeTearDown]
    public void Drop()
    {
        team.Dispose();
        demo.Dispose();
    }

    [TestCase("orders")]
    [TestCase("executions")]
    [TestCase("trades")]
    [TestCase("bars")]
    [TestCase("equity")]
    public void Export_from_the_team_store_reads_back_in_duckdb_equal_to_the_sqlite_rows(string what)
    {
        var file = demo.Sibling("team-" + what + ".parquet");
        var run = CliRunner.Run(demo.Folder, "export", runId, "--what", what, "--format", "parquet", "-o", file, "--db", team.ConnectionString);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());

        var expected = Duck.Expected(demo.Path, what, runId, out var sqliteColumns);
        var actual = Duck.Rows($"SELECT * FROM read_parquet('{file}') ORDER BY {ParquetExportTests.Tables[what].Order}", out var columns);
        Assert.That(Duck.AssertSame(sqliteColumns, expected, columns, actual), Is.GreaterThan(expected.Count * 4));
        ParquetExportTests.AssertTypes(file);
    }

    [Test]
    public void Artifacts_from_the_team_store_have_the_files_and_rows_of_the_file()
    {
        var fromFile = CliRunner.Run(demo.Folder, "artifacts", runId, "-o", demo.Sibling("a-file"), "--db", demo.Path);
        var fromTeam = CliRunner.Run(demo.Folder, "artifacts", runId, "-o", demo.Sibling("a-team"), "--db", team.ConnectionString);
        Assert.That(fromFile.ExitCode, Is.EqualTo(0), fromFile.ToString());
        Assert.That(fromTeam.ExitCode, Is.EqualTo(0), fromTeam.ToString());
        var fileFolder = Path.Combine(demo.Sibling("a-file"), runId);
        var teamFolder = Path.Combine(demo.Sibling("a-team"), runId);
        Assert.That(Directory.GetFiles(teamFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            Is.EqualTo(Directory.GetFiles(fileFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal)));
        foreach (var name in new[] { "equity.parquet", "drawdown.parquet", "trades.parquet", "bars.parquet", "fills.parquet" })
        {
            var a = Path.Combine(fileFolder, name);
            var b = Path.Combine(teamFolder, name);
            Assert.That(Duck.Types(b), Is.EqualTo(Duck.Types(a)), name);
            Assert.That(Duck.Scalar($"SELECT count(*) FROM read_parquet('{a}')"), Is.GreaterThan(0L), name);
            // jsonb orders a bar's volumetric keys its own way: the export test above compares those as documents.
            var all = name == "bars.parquet" ? "* EXCLUDE (volumetric_json)" : "*";
            Assert.That(Duck.Scalar($"SELECT count(*) FROM (SELECT {all} FROM read_parquet('{a}') EXCEPT ALL SELECT {all} FROM read_parquet('{b}'))"), Is.EqualTo(0L), name);
            Assert.That(Duck.Scalar($"SELECT count(*) FROM (SELECT {all} FROM read_parquet('{b}') EXCEPT ALL SELECT {all} FROM read_parquet('{a}'))"), Is.EqualTo(0L), name);
        }

        // Each store keeps the SHA-256 of the manifest it wrote: the team's folder verifies against the team store.
        var verify = CliRunner.Run(demo.Folder, "verify", "--artifacts", demo.Sibling("a-team"), "--db", team.ConnectionString);
        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.ToString());
        var againstFile = CliRunner.Run(demo.Folder, "verify", "--artifacts", demo.Sibling("a-team"), "--db", demo.Path);
        Assert.That(againstFile.ExitCode, Is.EqualTo(1), againstFile.ToString());
        Assert.That(againstFile.Out, Does.Contain("manifest.json: changed"), "another manifest than the one the file wrote");
    }
}
