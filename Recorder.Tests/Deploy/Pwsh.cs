using System.Diagnostics;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Deploy;

/// <summary>
/// PowerShell 7 (pwsh), this repository's local .NET tool (.config/dotnet-tools.json, restored by test.sh), running a
/// script in a real child process as a trader runs build.ps1. Where the tool is not restored, the test fails with the
/// command that restores it.
/// </summary>
internal static class Pwsh
{
    private static readonly Lazy<string?> Missing = new(FindMissing);

    /// <summary>
    /// Runs <paramref name="script"/> from <paramref name="folder"/>, which must lie inside a copy of the repository (the
    /// tool manifest is looked for from there), with plain-text messages (no colours).
    /// </summary>
    public static ScriptRun RunFile(string folder, string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        Run(folder, ["-ExecutionPolicy", "Bypass", "-File", script, .. arguments], environment);

    /// <summary>Runs one command line, as typed at a PowerShell prompt in <paramref name="folder"/>.</summary>
    public static ScriptRun RunCommand(string folder, string command) => Run(folder, ["-Command", command], null);

    private static ScriptRun Run(string folder, string[] arguments, IReadOnlyDictionary<string, string>? environment)
    {
        if (Missing.Value is { } why)
        {
            throw MissingPart.Fail(MissingPart.PowerShell, why, "Restore it at the repository's root: dotnet tool restore");
        }

        var info = Start(folder, ["-NoProfile", "-NonInteractive", .. arguments]);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start pwsh");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // A guard against a hung build, not a wait: a run ends on its own well within it.
        if (!process.WaitForExit(TimeSpan.FromMinutes(40)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"pwsh {string.Join(' ', arguments)} did not finish in 40 minutes:\n{output.Result}{error.Result}");
        }

        var run = new ScriptRun(process.ExitCode, output.Result, error.Result);
        TestContext.Out.WriteLine($"pwsh {string.Join(' ', arguments)}\n{run}");
        return run;
    }

    private static ProcessStartInfo Start(string folder, IEnumerable<string> pwshArguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "tool", "run", "pwsh", "--" }.Concat(pwshArguments))
        {
            info.ArgumentList.Add(argument);
        }

        // Error records as plain text, not with the terminal's colour codes.
        info.Environment["NO_COLOR"] = "1";
        return info;
    }

    // Null when pwsh runs; else why not, as dotnet said it.
    private static string? FindMissing()
    {
        using var process = Process.Start(Start(Repository.Root, ["-NoProfile", "-NonInteractive", "-Command", "$PSVersionTable.PSVersion.ToString()"]))
            ?? throw new InvalidOperationException("could not start dotnet tool run pwsh");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode == 0)
        {
            return null;
        }

        var said = (error.Result + output.Result).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no output";
        return $"build.ps1's tests run it under PowerShell 7 (pwsh), this repository's local .NET tool, which is not restored here (dotnet tool run pwsh: {said}).";
    }
}
