using NUnit.Framework;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Tests.Support;
using CliRunner = QuantowerRecorder.Tests.Cli.Cli;

namespace QuantowerRecorder.Tests.Team;

/// <summary>
/// A team with a server and a team without one get the same answers: three terminals' files pushed into PostgreSQL and
/// the same files merged into one SQLite file read back alike through every read command.
/// </summary>
[Category("PostgreSQL")]
public sealed class TeamEqualsMergeTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Test]
    public void Read_commands_answer_the_same_on_the_team_store_and_on_the_merged_file()
    {
        using var folder = new TempDatabase();
        var vps = folder.Sibling("vps/recorder.db");
        var laptop = folder.Sibling("laptop/recorder.db");
        var desktop = folder.Sibling("desktop/recorder.db");
        var merged = folder.Sibling("team.db");
        Directory.CreateDirectory(Path.GetDirectoryName(vps)!);
        Directory.CreateDirectory(Path.GetDirectoryName(laptop)!);
        TerminalFiles.Record(vps, runs: 3);
        TerminalFiles.Record(laptop, runs: 2, strategy: "Laptop strategy");
        // The desktop holds the VPS's runs (a copy) and one of its own: overlapping runs, stored once in both places.
        TerminalFiles.Copy(vps, desktop);
        TerminalFiles.Record(desktop, runs: 1, strategy: "Desktop strategy");
        using var team = PostgresServer.CreateDatabase();

        var push = CliRunner.Run(folder.Folder, "push", "--to", team.ConnectionString, vps, laptop, desktop);
        var merge = CliRunner.Run(folder.Folder, "merge", vps, laptop, desktop, "-o", merged);

        Assert.That(push.ExitCode, Is.EqualTo(0), push.ToString());
        Assert.That(merge.ExitCode, Is.EqualTo(0), merge.ToString());
        List<string> runIds;
        using (var reader = RecorderStore.OpenRead(merged))
        {
            runIds = reader.Runs.List(new RunQuery { Sort = RunSort.TradeCount, Descending = true }).Runs.Select(r => r.RunId).ToList();
        }

        Assert.That(runIds, Has.Count.EqualTo(6), "3 + 2 + (3 shared + 1)");
        var (first, second) = (runIds[0], runIds[1]);
        string[][] commands =
        [
            ["runs"], ["runs", "--json"], ["runs", "--sort", "net_pnl", "--desc"], ["strategies", "--json"], ["instances", "--json"],
            ["show", first], ["show", first, "--json"], ["trades", first, "--json"], ["executions", second], ["bars", first],
            ["compare", first, second], ["export", first, "--what", "orders"], ["export", second, "--what", "trades"],
            ["export", first, "--what", "equity"],
        ];
        foreach (var command in commands)
        {
            var fromFile = Run(folder.Folder, merged, command);
            var fromTeam = Run(folder.Folder, team.ConnectionString, command);

            Assert.That(fromFile.ExitCode, Is.EqualTo(0), fromFile.ToString());
            Assert.That(fromTeam.ExitCode, Is.EqualTo(0), fromTeam.ToString());
            Assert.That(fromTeam.Out, Is.EqualTo(fromFile.Out), string.Join(' ', command));
            Assert.That(fromTeam.Out.Length, Is.GreaterThan(40), string.Join(' ', command));
        }
    }

    private static Cli.CliRun Run(string folder, string database, string[] args) =>
        CliRunner.Run(folder, env => env with { Time = new TestClock(Now) }, [.. args, "--db", database]);
}
