using System.Text.RegularExpressions;
using NUnit.Framework;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// build.ps1 cannot run here (no PowerShell), so its text is checked for what breaks it in Windows PowerShell 5.1 and
/// for what it promises: a cheap guard, not a parser.
/// </summary>
public sealed class BuildScriptTests
{
    private static readonly Lazy<string> Script = new(() => File.ReadAllText(Path.Combine(RepositoryRoot(), "build.ps1")));

    [Test]
    public void It_is_ascii_only_because_PowerShell_5_1_reads_a_file_without_a_BOM_as_ANSI()
    {
        var bad = Script.Value.Select((c, i) => (c, i)).Where(p => p.c > 127).Take(3).ToList();
        Assert.That(bad, Is.Empty, string.Join(", ", bad.Select(p => $"'{p.c}' at {p.i}")));
    }

    [Test]
    public void Its_code_uses_no_operator_newer_than_PowerShell_5_1()
    {
        foreach (var (line, number) in CodeLines())
        {
            var code = Regex.Replace(line, "'[^']*'|\"[^\"]*\"", "''");
            Assert.That(code, Does.Not.Contain("&&").And.Not.Contain("||").And.Not.Contain("??").And.Not.Contain("?."), $"line {number}: {line}");
            Assert.That(Regex.IsMatch(code, @"\s\?\s"), Is.False, $"line {number} looks like a ternary: {line}");
        }
    }

    [Test]
    public void It_stops_on_errors_and_checks_the_exit_code_of_every_dotnet_call()
    {
        Assert.That(Script.Value, Does.Contain("$ErrorActionPreference = 'Stop'"));
        Assert.That(Script.Value, Does.Contain("if ($LASTEXITCODE -ne 0)"));
        var lines = CodeLines().ToList();
        for (var k = 0; k < lines.Count; k++)
        {
            if (Regex.IsMatch(lines[k].Line, @"^\s*dotnet\s"))
            {
                Assert.That(lines[k - 1].Line, Does.Contain("Invoke-Step"), $"line {lines[k].Number} runs dotnet outside Invoke-Step, which checks $LASTEXITCODE");
            }
        }
    }

    [Test]
    public void It_has_SkipTests_refuses_to_deploy_while_Quantower_runs_builds_the_CLI_and_says_where_everything_is()
    {
        Assert.That(Script.Value, Does.Contain("[switch] $SkipTests"));
        Assert.That(Script.Value, Does.Contain("@('Quantower', 'Starter')").And.Contain("Quantower is running"));
        Assert.That(Script.Value, Does.Contain("dotnet publish $cliProject"));
        Assert.That(Script.Value, Does.Contain("quantower-runs.db").And.Contain("runs --db"));
    }

    private static IEnumerable<(string Line, int Number)> CodeLines()
    {
        var inBlockComment = false;
        var number = 0;
        foreach (var raw in Script.Value.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith("<#", StringComparison.Ordinal))
            {
                inBlockComment = true;
            }

            if (inBlockComment)
            {
                inBlockComment = !line.Contains("#>", StringComparison.Ordinal);
                continue;
            }

            if (line.TrimStart().StartsWith('#') || line.Trim().Length == 0)
            {
                continue;
            }

            yield return (line, number);
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "QuantowerRecorder.sln")))
            {
                return folder.FullName;
            }
        }

        throw new AssertionException("QuantowerRecorder.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
