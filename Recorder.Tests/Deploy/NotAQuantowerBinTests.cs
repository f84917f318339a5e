using NUnit.Framework;
using QuantowerRecorder.Tests.Plugin.Hosting;

namespace QuantowerRecorder.Tests.Deploy;

/// <summary>
/// build.ps1 -Deploy given a -QuantowerBin that is not Quantower's bin folder — the Quantower folder itself (a common
/// slip), or a folder that does not exist — stops with an error naming what it expected, before it builds or writes
/// anything.
/// </summary>
public sealed class NotAQuantowerBinTests
{
    [TestCase("the Quantower folder", "TradingPlatform.BusinessLayer.dll is not in")]
    [TestCase("a folder that does not exist", "does not exist")]
    public void It_says_which_folder_it_wanted_and_writes_nothing(string given, string error)
    {
        using var checkout = Checkout.Copy();
        using var install = QuantowerInstall.WithoutRecorder(TempFolders.New("quantower"));
        var folder = given == "the Quantower folder" ? install.Root : Path.Combine(install.Root, "TradingPlatform", "v9.9.9", "bin");
        var before = FolderFiles.Of(install.Root);

        var run = checkout.Build(["-QuantowerBin", folder, "-Deploy", "-SkipTests"]);

        Assert.That(run.ExitCode, Is.Not.Zero, run.ToString());
        Assert.That(run.Says(error) && run.Says(folder), Is.True, "names the folder given: " + run);
        Assert.That(run.Says(@"Pass Quantower's TradingPlatform\v...\bin folder") && run.Says("TradingPlatform.BusinessLayer.dll"), Is.True, "and the one expected: " + run);
        Assert.That(run.Output, Does.Not.Contain("==>"), "no step ran");
        Assert.That(FolderFiles.Of(install.Root).ToString(), Is.EqualTo(before.ToString()), "nothing written into Quantower");
        Assert.That(checkout.BuildOutput(), Is.Empty, "nothing built");
    }
}
