using System.Diagnostics;
using System.Text;

namespace QuantowerRecorder.Tests.Support;

/// <summary>Starts Recorder.Benchmarks (built alongside the tests) as a real child process.</summary>
internal static class ChildProcess
{
    private static readonly Lazy<string> Dll = new(Locate);

    public static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // A pipe the child may wait on (powercut-child --hold-spill) until the test kills it.
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll.Value);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start the child process");
    }

    public static string WaitForExit(Process process, TimeSpan timeout)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("child process did not finish in time");
        }

        return stdout.Result + stderr.Result;
    }

    private static string Locate()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QuantowerRecorder.sln")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
        }

        // The configuration the tests were built with (bin/<Configuration>/net10.0/).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(dir.FullName, "Recorder.Benchmarks", "bin", configuration, "net8.0", "Recorder.Benchmarks.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("build Recorder.Benchmarks first", path);
    }
}
