using NUnit.Framework;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Deploy;

/// <summary>
/// The folder build.ps1 deployed, loaded by the Quantower-like host as the platform loads it (from bytes), records a
/// trader's first run — Run Recorder following a backtest — and the recorder command the script printed lists it: the
/// deploy tests end where a trader's first run begins.
/// </summary>
public sealed class FirstRunTests
{
    [Test]
    public void The_deployed_recorder_records_a_followed_backtest_and_the_printed_recorder_command_lists_it()
    {
        var deployment = DeployedOnce.Loadable;
        using var install = deployment.Install.CopyTo(TempFolders.New("quantower"));
        var database = Path.Combine(install.Root, "runs.db");

        var (exitCode, output) = install.Play("follow", database, 20);

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("e_sqlite3 loaded from " + install.RecorderFolder), "the native SQLite the deploy put there");
        Assert.That(output, Does.Not.Contain("Recorder problem"));
        var run = Db.Query<(string RunId, string Strategy, string RunType, string Status)>(database, """
            SELECT r.run_id AS RunId, s.name AS Strategy, r.run_type AS RunType, r.status AS Status
            FROM strategy_runs r JOIN strategy_instances i USING(instance_id) JOIN strategies s USING(strategy_id)
            """).Single();
        Assert.That((run.Strategy, run.RunType, run.Status), Is.EqualTo(("Hosted followed strategy", "BACKTEST", "COMPLETED")));

        // The command as printed, at a PowerShell prompt where build.ps1 ran, with the database this run was recorded into.
        var printed = deployment.Run.Output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("& ", StringComparison.Ordinal));
        var command = printed.Replace('"' + DefaultDatabase.Path + '"', '"' + database + '"', StringComparison.Ordinal);
        Assert.That(command, Is.Not.EqualTo(printed), "the printed command opens the plugin's default database");
        var listed = DeployedOnce.Exclusive(() => Pwsh.RunCommand(DeployedOnce.CheckoutRoot, command));
        Assert.That(listed.ExitCode, Is.Zero, listed.ToString());
        Assert.That(listed.Output, Does.Contain(run.RunId[..8]).And.Contain("Hosted followed strategy").And.Contain("COMPLETED"));
    }

    [Test]
    public void The_printed_database_is_the_one_the_plugin_writes_by_default()
    {
        var run = DeployedOnce.Trader.Run;

        Assert.That(run.Printed("The plugin's database:"), Does.StartWith(DefaultDatabase.Path + " (unless"));
        Assert.That(run.Printed("The recorder command:"), Is.EqualTo(Path.Combine(DeployedOnce.CheckoutRoot, "artifacts", "cli", OperatingSystem.IsWindows() ? "recorder.exe" : "recorder")),
            "the recorder command built for this machine");
    }

    [Test]
    public void The_host_loads_what_a_trader_deploys_but_for_the_native_SQLite_of_this_machine()
    {
        var native = OperatingSystem.IsWindows() ? "e_sqlite3.dll" : OperatingSystem.IsMacOS() ? "libe_sqlite3.dylib" : "libe_sqlite3.so";

        var loadable = DeployedOnce.Loadable.Published.Names;
        var trader = DeployedOnce.Trader.Published.Names;

        Assert.That(loadable.Where(n => n != native), Is.EqualTo(trader.Where(n => n != "e_sqlite3.dll")), "the same managed files");
        Assert.That(loadable, Does.Contain(native));
    }
}
