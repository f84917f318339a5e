using NUnit.Framework;
using QuantowerRecorder.Tests.Plugin.Hosting;

namespace QuantowerRecorder.Tests.Deploy;

/// <summary>
/// build.ps1 -Deploy -SkipTests run for real over a plugin's folder that already holds something: it removes exactly
/// what an earlier deploy put there (the files its list names, or once the older layout's files), never a user's own
/// files, and deploys wherever -QuantowerBin or -StrategiesFolder say, however the folder is spelled. Its five runs of
/// the script take turns in the shared copy after the first deploy, the suite's longest chain after the test step: it
/// starts second.
/// </summary>
[Order(2)]
public sealed class RedeployTests
{
    [Test]
    public void A_second_deploy_replaces_exactly_what_the_first_put_there_and_leaves_the_users_files_alone()
    {
        using var install = DeployedOnce.Trader.Install.CopyTo(TempFolders.New("quantower"));
        var folder = install.RecorderFolder;
        // Since the first deploy: a file of it changed, and it lists a library the plugin no longer ships (in a folder of
        // its own), as a deploy of an older version would. The user keeps files there too, one named like the plugin's.
        File.WriteAllText(Path.Combine(folder, "Recorder.Plugin.dll"), "changed since");
        var dropped = new[] { "Old.Dependency.dll", Path.Combine("runtimes", "win-x64", "native", "old_native.dll") };
        File.AppendAllLines(Path.Combine(folder, DeployedList.FileName), dropped);
        foreach (var file in dropped)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, file))!);
            File.WriteAllText(Path.Combine(folder, file), "shipped by an older version");
        }

        var users = AddUsersFiles(folder, "Recorder.MyIndicator.dll");

        var (run, published) = DeployedOnce.Run(Deploy(install.Bin));

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(FolderFiles.Of(folder).Without(DeployedList.FileName).ToString(), Is.EqualTo(published.With(users).ToString()),
            "this deploy's files, byte for byte, and the user's, untouched; the dropped library gone");
        Assert.That(Path.Combine(folder, "runtimes"), Does.Not.Exist, "with the folders it leaves empty");
        Assert.That(DeployedList.Read(folder), Is.EqualTo(published.Names));
    }

    [Test]
    public void A_deploy_over_the_older_layout_removes_that_layout_once_and_leaves_the_users_files_alone()
    {
        using var install = DeployedOnce.Trader.Install.CopyTo(TempFolders.New("quantower"));
        var folder = install.RecorderFolder;
        Directory.Delete(folder, recursive: true);
        // Deploys made before the list existed copied the plugin's whole build output: its DLLs and pdb, and a runtimes
        // folder with the native SQLite of some 30 platforms (not the per-platform folders of later publishes).
        DeployedOnce.Exclusive(() =>
        {
            var build = Path.Combine(DeployedOnce.CheckoutRoot, "Recorder.Plugin", "bin", "Release", "net8.0");
            Directory.CreateDirectory(folder);
            foreach (var file in Directory.GetFiles(build))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }

            QuantowerInstall.Copy(Path.Combine(build, "runtimes"), Path.Combine(folder, "runtimes"));
        });
        var old = FolderFiles.Of(folder).Names.ToList();
        Assert.That(old, Does.Contain("Recorder.Plugin.dll").And.Contain("Recorder.Plugin.pdb").And.Some.StartsWith("runtimes/linux-arm64/"), "an old deploy, without a list");
        var users = AddUsersFiles(folder, "MyStrategy.dll");

        var (run, published) = DeployedOnce.Run(Deploy(install.Bin));

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(FolderFiles.Of(folder).Without(DeployedList.FileName).ToString(), Is.EqualTo(published.With(users).ToString()),
            "every file of the old layout gone, the user's kept");
        Assert.That(Path.Combine(folder, "runtimes"), Does.Not.Exist);
    }

    [Test]
    public void StrategiesFolder_names_the_plugins_folder_and_the_default_one_is_not_created()
    {
        using var install = QuantowerInstall.WithoutRecorder(TempFolders.New("quantower"));
        var elsewhere = Path.Combine(install.Root, "Other place", "Recorder");

        var (run, published) = DeployedOnce.Run([.. Deploy(install.Bin), "-StrategiesFolder", elsewhere]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(FolderFiles.Of(elsewhere).Without(DeployedList.FileName).ToString(), Is.EqualTo(published.ToString()));
        Assert.That(DeployedList.Read(elsewhere), Is.EqualTo(published.Names));
        Assert.That(install.RecorderFolder, Does.Not.Exist);
        Assert.That(run.Output, Does.Contain($"Deployed the plugin ({published.Hashes.Count} files) to: {elsewhere}"));
    }

    [TestCase("/")]
    [TestCase("\\")]
    public void A_QuantowerBin_with_a_trailing_separator_deploys_into_that_Quantowers_strategies_folder(string separator)
    {
        using var install = QuantowerInstall.WithoutRecorder(TempFolders.New("quantower"));

        var (run, published) = DeployedOnce.Run(Deploy(install.Bin + separator));

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(FolderFiles.Of(install.RecorderFolder).Without(DeployedList.FileName).ToString(), Is.EqualTo(published.ToString()));
        Assert.That(run.Output, Does.Contain("==> Deploy to " + install.RecorderFolder + Environment.NewLine));
    }

    private static string[] Deploy(string bin) => ["-QuantowerBin", bin, "-Deploy", "-SkipTests"];

    // A user's own files in the plugin's folder (a note, a DLL, a subfolder with a space): what they are, byte for byte.
    private static FolderFiles AddUsersFiles(string folder, string dll)
    {
        var files = new[] { "notes.txt", dll, "My layouts/desk 1.xml" };
        foreach (var file in files)
        {
            var path = Path.Combine(folder, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "the user's own " + file);
        }

        return FolderFiles.Of(folder).Only(files);
    }
}
