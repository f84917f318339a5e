using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Deploy;

/// <summary>
/// build.ps1 -Deploy while the Quantower-like host, started from the Quantower folder, holds the deployed recorder's
/// folder open with a run recording: the deploy names the process to close and changes nothing, and the run it left
/// alone ends well.
/// </summary>
public sealed class QuantowerRunningTests
{
    [Test]
    public void A_deploy_while_Quantower_holds_the_plugins_folder_names_the_process_and_changes_nothing()
    {
        using var checkout = Checkout.Copy();
        using var install = DeployedOnce.Loadable.Install.CopyTo(TempFolders.New("quantower"));
        var database = Path.Combine(install.Root, "runs.db");
        var before = FolderFiles.Of(install.RecorderFolder);
        using var quantower = RunningQuantower.Start(install, database);

        var run = checkout.Build(["-QuantowerBin", install.Bin, "-Deploy", "-SkipTests"]);

        Assert.That(run.ExitCode, Is.Not.Zero, run.ToString());
        Assert.That(run.Says("Quantower is running (") && run.Says($"(pid {quantower.Id})") && run.Says("Nothing was changed."), Is.True, run.ToString());
        Assert.That(FolderFiles.Of(install.RecorderFolder).ToString(), Is.EqualTo(before.ToString()), "the plugin's folder as it was");
        Assert.That(checkout.BuildOutput(), Is.Empty, "refused before building");

        var (exitCode, output) = quantower.Release();
        Assert.That(exitCode, Is.Zero, output);
        Assert.That(Db.Scalar<string>(database, "SELECT status FROM strategy_runs"), Is.EqualTo("COMPLETED"), "the run recorded while the deploy was refused");
    }
}
