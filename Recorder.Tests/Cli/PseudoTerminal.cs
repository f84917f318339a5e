using System.Diagnostics;
using NUnit.Framework;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// The real `recorder` program on a pseudo-terminal (`script` of util-linux), as a person at a terminal runs it: both
/// standard output and standard error are the terminal, and what was drawn on it, escape codes and all, comes back.
/// </summary>
internal static class PseudoTerminal
{
    /// <summary>
    /// Runs `recorder args…` on a terminal 80 columns wide; <paramref name="errorsTo"/> redirects its standard error alone
    /// to that file, as `2> file` does.
    /// </summary>
    public static CliRun Recorder(string folder, string[] args, string? errorsTo = null)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/script"))
        {
            Assert.Ignore("needs script(1) of util-linux for a pseudo-terminal");
        }

        var dll = Path.Combine(AppContext.BaseDirectory, "recorder.dll");
        var command = "exec dotnet " + string.Join(' ', new[] { dll }.Concat(args).Select(Quoted)) + (errorsTo is null ? "" : " 2>" + Quoted(errorsTo));
        var start = new ProcessStartInfo("/usr/bin/script")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // -q: no "Script started" lines; -e: the program's exit code; the typescript itself is not kept.
        foreach (var arg in new[] { "-q", "-e", "-c", command, "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("RECORDER_DB");
        start.Environment["TERM"] = "xterm-256color";
        start.Environment["COLUMNS"] = "80";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var terminal = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // A guard against a hang, not a measure.
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("recorder did not finish within 5 minutes on the pseudo-terminal");
        }

        return new CliRun(process.ExitCode, terminal.Result, error.Result);
    }

    private static string Quoted(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
