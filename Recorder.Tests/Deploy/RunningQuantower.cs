using System.Diagnostics;
using System.Text;
using NUnit.Framework;
using QuantowerRecorder.Tests.Plugin.Hosting;

namespace QuantowerRecorder.Tests.Deploy;

/// <summary>
/// The Quantower-like host running from its own file in the installation's bin folder, as Quantower.exe runs from the
/// Quantower folder, with an author's backtest recording through the deployed recorder: the recorder's folder is in
/// use (its native SQLite loaded from there) until <see cref="Release"/> lets the run end.
/// </summary>
internal sealed class RunningQuantower : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly Task<string> error;
    private Task? rest;

    private RunningQuantower(Process process)
    {
        this.process = process;
        this.error = process.StandardError.ReadToEndAsync();
    }

    public int Id => process.Id;

    /// <summary>Starts the host and returns once its run is recording with the deployed folder's SQLite.</summary>
    public static RunningQuantower Start(QuantowerInstall install, string database)
    {
        var launcher = Path.Combine(install.Bin, OperatingSystem.IsWindows() ? "Quantower.StandIn.Host.exe" : "Quantower.StandIn.Host");
        var info = new ProcessStartInfo(launcher)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "hold", database, "10" })
        {
            info.ArgumentList.Add(argument);
        }

        // The launcher looks for .NET where DOTNET_ROOT says: the runtime these tests run on, wherever it is installed.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_ROOT")))
        {
            info.Environment["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        }

        var host = new RunningQuantower(Process.Start(info) ?? throw new InvalidOperationException("could not start " + launcher));
        var recording = "e_sqlite3 loaded from " + install.RecorderFolder;
        var ready = Task.Run(() => host.ReadUntil(["holding:", recording]));
        // A guard against a host that hangs, not a wait: it is ready as soon as it has printed both lines.
        if (!ready.Wait(TimeSpan.FromMinutes(2)) || !ready.Result)
        {
            host.Dispose();
            Assert.Fail($"the host did not hold a recording run open ('{recording}'):\n{host.output}{host.error.Result}");
        }

        host.rest = host.process.StandardOutput.ReadToEndAsync().ContinueWith(t => host.output.Append(t.Result), TaskScheduler.Default);
        return host;
    }

    /// <summary>Lets the run end (closes the host's standard input); the host's exit code and everything it printed.</summary>
    public (int ExitCode, string Output) Release()
    {
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            Assert.Fail("the host did not end its run in 2 minutes:\n" + output);
        }

        rest?.Wait();
        var printed = output + error.Result;
        TestContext.Out.WriteLine(printed);
        return (process.ExitCode, printed);
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    // True once every one of the texts has been printed; false when the host ended first.
    private bool ReadUntil(string[] texts)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (process.StandardOutput.ReadLine() is { } line)
        {
            output.AppendLine(line);
            seen.UnionWith(texts.Where(t => line.Contains(t, StringComparison.Ordinal)));
            if (seen.Count == texts.Length)
            {
                return true;
            }
        }

        return false;
    }
}
