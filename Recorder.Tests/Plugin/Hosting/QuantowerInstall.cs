using System.Diagnostics;
using System.Runtime.InteropServices;
using NUnit.Framework;

namespace QuantowerRecorder.Tests.Plugin.Hosting;

/// <summary>
/// A Quantower installation on disk, as the platform lays it out: the host process (Quantower.StandIn.Host, with the
/// stand-in's TradingPlatform.BusinessLayer.dll) in <c>TradingPlatform/v1.142.20/bin</c>, the recorder deployed into
/// <c>Settings/Scripts/Strategies/QuantowerRecorder</c> exactly as build.ps1 -Deploy lays it out (the plugin's
/// <c>dotnet publish -c Release -r &lt;rid&gt;</c>, for this machine's platform), and an author's strategies alone in
/// their own folder. The host loads every .dll there from its bytes and plays one scenario in a real child process.
/// The deploy tests (Recorder.Tests/Deploy) lay it out without the recorder and let build.ps1 -Deploy put it there.
/// </summary>
internal sealed class QuantowerInstall : IDisposable
{
    // Both publish the repository's Recorder.Plugin in Release for this machine, into its one obj folder: one at a time.
    private static readonly object PublishGate = new();
    private static readonly Lazy<string> Published = new(() => Publish());
    private static readonly Lazy<string> OtherBuild = new(() => Publish("-p:InformationalVersion=0.0.9-other-build"));

    private QuantowerInstall(string root)
    {
        this.Root = root;
        this.Bin = Path.Combine(root, "TradingPlatform", "v1.142.20", "bin");
        this.Strategies = Path.Combine(root, "Settings", "Scripts", "Strategies");
        this.RecorderFolder = Path.Combine(this.Strategies, "QuantowerRecorder");
        this.AuthorFolder = Path.Combine(this.Strategies, "MyStrategies");
    }

    public string Root { get; }

    public string Bin { get; }

    public string Strategies { get; }

    public string RecorderFolder { get; }

    public string AuthorFolder { get; }

    public string AuthorAssembly => Path.Combine(AuthorFolder, "Recorder.Tests.Strategies.dll");

    /// <summary>The deployed folder as publish made it (shared by the tests of one run; copy it, never change it).</summary>
    public static string DeployedFolder => Published.Value;

    /// <summary>The platform this process runs on, as build.ps1 names win-x64.</summary>
    public static string RuntimeId
    {
        get
        {
            var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
            return os + "-" + (RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "x64");
        }
    }

    public static QuantowerInstall Create()
    {
        var install = WithoutRecorder(Path.Combine(Path.GetTempPath(), "qr-quantower-" + Guid.NewGuid().ToString("N")));
        Copy(DeployedFolder, install.RecorderFolder);
        return install;
    }

    /// <summary>The installation at <paramref name="root"/> with nothing deployed into the recorder's folder yet.</summary>
    public static QuantowerInstall WithoutRecorder(string root)
    {
        var install = new QuantowerInstall(root);
        Copy(HostBuild(), install.Bin);
        Directory.CreateDirectory(install.AuthorFolder);
        File.Copy(Path.Combine(BuildFolder("Recorder.Tests.Strategies"), "Recorder.Tests.Strategies.dll"), install.AuthorAssembly);
        return install;
    }

    /// <summary>A copy of this installation, with whatever was deployed into it, at <paramref name="root"/>.</summary>
    public QuantowerInstall CopyTo(string root)
    {
        Copy(Root, root);
        return new QuantowerInstall(root);
    }

    /// <summary>A second recorder folder holding another build (an older deployment left behind); its folder.</summary>
    public string AddOtherRecorderBuild()
    {
        var folder = Path.Combine(Strategies, "QuantowerRecorder-old");
        Copy(OtherBuild.Value, folder);
        return folder;
    }

    /// <summary>Runs the host with a scenario (author, follow) into a database file; its exit code and everything it printed.</summary>
    public (int ExitCode, string Output) Play(string scenario, string database, int bars = 40)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(Bin, "Quantower.StandIn.Host.dll"), scenario, database, bars.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the host");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the host did not finish in 2 minutes:\n" + stdout.Result + stderr.Result);
        }

        var output = stdout.Result + stderr.Result;
        TestContext.Out.WriteLine(output);
        return (process.ExitCode, output);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by an antivirus scan or the like: the temporary folder is cleaned by the OS.
        }
    }

    private static string Publish(params string[] properties)
    {
        lock (PublishGate)
        {
            return PublishAlone(properties);
        }
    }

    private static string PublishAlone(string[] properties)
    {
        var output = Path.Combine(Path.GetTempPath(), "qr-deployed-" + Guid.NewGuid().ToString("N"));
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "publish", Path.Combine(RepositoryRoot(), "Recorder.Plugin", "Recorder.Plugin.csproj"), "-c", "Release", "-r", RuntimeId, "-o", output, "--nologo" }.Concat(properties))
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet publish");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet publish of the plugin failed:\n" + stdout.Result + stderr.Result);
        }

        return output;
    }

    private static string HostBuild() => BuildFolder("Quantower.StandIn.Host");

    private static string BuildFolder(string project)
    {
        // bin/<Configuration>/net10.0 of the tests → the project's bin/<Configuration>/net8.0.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var folder = Path.Combine(RepositoryRoot(), project, "bin", configuration, "net8.0");
        return Directory.Exists(folder) ? folder : throw new DirectoryNotFoundException("build " + project + " first: " + folder);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QuantowerRecorder.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Copies a folder with everything under it (the target must not hold those files yet).</summary>
    public static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
