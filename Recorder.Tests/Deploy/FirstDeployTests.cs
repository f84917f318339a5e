using NUnit.Framework;

namespace QuantowerRecorder.Tests.Deploy;

/// <summary>
/// build.ps1 -Deploy -SkipTests run for real, as a trader deploys for the first time, into a Quantower-like folder (its
/// root's name has a space): the plugin's folder holds the win-x64 publish and its list, and nothing else changed.
/// </summary>
public sealed class FirstDeployTests
{
    private const string RecorderFolder = "Settings/Scripts/Strategies/QuantowerRecorder";

    [Test]
    public void A_first_deploy_puts_the_published_plugin_and_its_list_into_the_plugins_folder_and_nothing_else()
    {
        var deployment = DeployedOnce.Trader;
        var install = deployment.Install;
        var published = deployment.Published;

        Assert.That(FolderFiles.Of(install.RecorderFolder).Without(DeployedList.FileName).ToString(), Is.EqualTo(published.ToString()),
            "every published file, byte for byte, and no other");
        Assert.That(DeployedList.Read(install.RecorderFolder), Is.EqualTo(published.Names), "the list names exactly those files");
        Assert.That(FolderFiles.Of(install.Root).Outside(RecorderFolder).ToString(), Is.EqualTo(deployment.Before.ToString()),
            "nothing else in the Quantower folder changed, its bin folder and the author's strategies included");
        Assert.That(deployment.Run.Output, Does.Contain($"Deployed the plugin ({published.Hashes.Count} files) to: {install.RecorderFolder}"));
    }

    [Test]
    public void What_a_trader_deploys_is_the_plugin_its_libraries_and_the_windows_native_SQLite_flat_in_one_folder()
    {
        var names = DeployedOnce.Trader.Published.Names.ToList();

        Assert.That(names, Is.SupersetOf(new[] { "Recorder.Plugin.dll", "Recorder.Storage.dll", "Recorder.Analytics.dll", "Microsoft.Data.Sqlite.dll", "Dapper.dll", "e_sqlite3.dll" }));
        Assert.That(names.Where(n => n.Contains('/', StringComparison.Ordinal)), Is.Empty, "no subfolder: no runtimes folder of other platforms");
        Assert.That(names.Where(n => !n.EndsWith(".dll", StringComparison.Ordinal)), Is.Empty, "no pdb or deps.json: Quantower reads neither");
        Assert.That(names, Has.None.EqualTo("TradingPlatform.BusinessLayer.dll"), "Quantower provides its own API");
    }

    [Test]
    public void With_SkipTests_the_tests_are_neither_built_nor_run()
    {
        var run = DeployedOnce.Trader.Run;

        Assert.That(run.Output, Does.Contain("==> Tests skipped (-SkipTests)"));
        Assert.That(run.Output, Does.Not.Contain("==> Tests of"));
        Assert.That(Path.Combine(DeployedOnce.CheckoutRoot, "Recorder.Tests", "obj"), Does.Not.Exist, "the test project was not even restored");
    }
}
