using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Deploy;

/// <summary>
/// build.ps1 runs in Windows PowerShell 5.1, which cannot run here: its rules are checked by PowerShell 7's own parser
/// (FindNewerSyntax.ps1, run under pwsh) — no parse error, no syntax newer than 5.1 — and its bytes are ASCII.
/// </summary>
public sealed class ScriptSyntaxTests
{
    private static string Checker => Path.Combine(Repository.Root, "Recorder.Tests", "Deploy", "FindNewerSyntax.ps1");

    [Test]
    public void Build_ps1_parses_and_uses_no_syntax_newer_than_PowerShell_5_1()
    {
        var run = Pwsh.RunFile(Repository.Root, Checker, [Path.Combine(Repository.Root, "build.ps1")]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Output.Trim(), Is.Empty, "what 5.1 cannot run");
    }

    [Test]
    public void Build_ps1_is_ascii_only_because_PowerShell_5_1_reads_a_file_without_a_BOM_as_ANSI()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Repository.Root, "build.ps1"));

        Assert.That(bytes.Select((b, i) => (b, i)).Where(p => p.b > 127).Select(p => $"byte 0x{p.b:X2} at {p.i}").Take(5), Is.Empty);
    }

    [Test]
    public void The_check_finds_each_syntax_PowerShell_7_added_and_a_parse_error()
    {
        var folder = TempFolders.New("syntax");
        Directory.CreateDirectory(folder);
        var samples = new Dictionary<string, string>
        {
            ["ternary.ps1"] = "$a = $true ? 1 : 2",
            ["coalescing.ps1"] = "$a = $null ?? 'x'",
            ["coalescing-assignment.ps1"] = "$a ??= 'x'",
            ["member.ps1"] = "${a}?.Length",
            ["index.ps1"] = "${a}?[0]",
            ["chain.ps1"] = "dotnet build && dotnet test",
            ["background.ps1"] = "dotnet build &",
            ["unclosed.ps1"] = "if ($true) {",
            ["fine.ps1"] = "$a = if ($true) { 1 } else { 2 }\nif (-not $a) { throw 'no' }",
        };
        foreach (var (name, text) in samples)
        {
            File.WriteAllText(Path.Combine(folder, name), text);
        }

        var run = Pwsh.RunFile(Repository.Root, Checker, samples.Keys.Select(name => Path.Combine(folder, name)));
        TempFolders.Delete(folder);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var found = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(found.Select(l => l.Split(':')[0]).Distinct(), Is.EquivalentTo(samples.Keys.Where(k => k != "fine.ps1")), run.Output);
        Assert.That(found, Has.Some.StartsWith("ternary.ps1:1: ternary operator"));
        Assert.That(found, Has.Some.StartsWith("chain.ps1:1: pipeline chain operator"));
        Assert.That(found, Has.Some.StartsWith("unclosed.ps1:1: parse error"));
    }
}
