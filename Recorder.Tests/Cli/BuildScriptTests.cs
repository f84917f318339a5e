using System.Text.RegularExpressions;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

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
        Assert.That(Script.Value, Does.Contain("if ($code -ne 0)"));
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
    public void Dotnet_writing_to_stderr_is_not_fatal_when_output_is_redirected_in_PowerShell_5_1()
    {
        // Under 'Stop', 5.1 ends the script at the first stderr line of a native program once stderr is redirected.
        var step = Function("Invoke-Step");
        var relaxed = step.IndexOf("$ErrorActionPreference = 'Continue'", StringComparison.Ordinal);
        Assert.That(relaxed, Is.GreaterThan(0), "Invoke-Step runs its command under 'Continue'");
        Assert.That(step.IndexOf("& $Command 2>&1", StringComparison.Ordinal), Is.GreaterThan(relaxed));
        Assert.That(step, Does.Contain("$LASTEXITCODE"));
        var redirects = CodeLines().Where(l => Regex.IsMatch(l.Line, @"2>(&1|\$null)")).Select(l => l.Number).ToList();
        var relaxedFunctions = new[] { Function("Invoke-Step"), Function("Get-SdkVersion") };
        foreach (var number in redirects)
        {
            var line = Script.Value.Split('\n')[number - 1];
            Assert.That(relaxedFunctions.Any(f => f.Contains(line.TrimEnd('\r'), StringComparison.Ordinal) && f.Contains("$ErrorActionPreference = 'Continue'", StringComparison.Ordinal)), Is.True, $"line {number} redirects a native command's stderr outside a function that relaxes ErrorActionPreference: {line}");
        }
    }

    [Test]
    public void It_has_SkipTests_refuses_to_deploy_while_Quantower_runs_builds_the_CLI_and_says_where_everything_is()
    {
        Assert.That(Script.Value, Does.Contain("[switch] $SkipTests"));
        Assert.That(Script.Value, Does.Contain("Assert-QuantowerClosed $quantowerRoot").And.Contain("Quantower is running"));
        Assert.That(Script.Value, Does.Contain("dotnet publish $cliProject"));
        Assert.That(Script.Value, Does.Contain("quantower-runs.db").And.Contain("runs --db"));
    }

    [Test]
    public void Only_a_process_started_from_the_Quantower_folder_blocks_the_deploy_not_any_process_named_Starter()
    {
        var find = Function("Get-QuantowerProcess");
        var code = string.Join('\n', find.Split('\n').Where(l => !l.TrimStart().StartsWith('#')));
        Assert.That(code, Does.Not.Contain("Starter"), "no match by the name Starter");
        Assert.That(code, Does.Contain("$path.StartsWith($prefix, [System.StringComparison]::OrdinalIgnoreCase)"));
        Assert.That(code, Does.Contain("$prefix = $QuantowerRoot.TrimEnd('\\') + '\\'"), "C:\\Quantower2 is not inside C:\\Quantower");
    }

    [Test]
    public void Its_tests_are_the_ones_of_what_is_deployed_and_a_failure_names_SkipTests()
    {
        var filter = Regex.Match(Script.Value, @"\$deployedTests = '([^']+)'").Groups[1].Value;
        Assert.That(filter, Is.Not.Empty);
        Assert.That(Script.Value, Does.Contain("dotnet test $testProject -c Release --filter $deployedTests"));
        Assert.That(CodeLines().Select(l => l.Line), Has.None.Contains("QuantowerRecorder.sln"), "the solution holds net10.0 projects: neither restored nor tested as a whole");
        var step = Script.Value[Script.Value.IndexOf("Invoke-Step 'Tests", StringComparison.Ordinal)..];
        Assert.That(step[..step.IndexOf("\n}", StringComparison.Ordinal)], Does.Contain("-SkipTests"));

        var selected = TestFilter.Parse(filter);
        var tests = typeof(BuildScriptTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods().Where(m => m.GetCustomAttributes(typeof(TestAttribute), true).Length > 0 || m.GetCustomAttributes(typeof(TestCaseAttribute), true).Length > 0)
                .Select(m => (Name: t.FullName + "." + m.Name, Categories: Categories(t).Concat(m.GetCustomAttributes(typeof(CategoryAttribute), true).Cast<CategoryAttribute>().Select(c => c.Name)).ToList())))
            .ToList();
        var run = tests.Where(t => selected(t.Name, t.Categories)).ToList();
        Assert.That(run.Select(t => t.Name), Has.Some.Contains(".Plugin.Hosting.DeployedFolderTests."), "the deployed folder loaded as Quantower loads it");
        Assert.That(run.Select(t => t.Name), Has.Some.Contains(".Storage.").And.Some.Contains(".Analytics.").And.Some.Contains(".Plugin."));
        Assert.That(run.Where(t => t.Categories.Intersect([MissingPart.PostgreSql, MissingPart.Browser, MissingPart.LinuxRoot]).Any()).Select(t => t.Name), Is.Empty,
            "a trader's PC has no PostgreSQL, and the deploy needs no browser or Linux");
        Assert.That(run.Select(t => t.Name), Has.None.Contains(".Team.").And.None.Contains(".Cli.").And.None.Contains(".Server."));
        Assert.That(tests.Where(t => t.Categories.Contains(MissingPart.PostgreSql)).Select(t => t.Name), Has.Some.Contains(".Storage."), "the filter has something to leave out");
    }

    [Test]
    public void It_checks_the_SDK_before_building_and_restores_only_what_it_builds()
    {
        var check = Script.Value.IndexOf("$sdkMajor -lt 10 -and -not $SkipTests", StringComparison.Ordinal);
        Assert.That(check, Is.GreaterThan(0));
        Assert.That(check, Is.LessThan(Script.Value.IndexOf("dotnet test", StringComparison.Ordinal)));
        Assert.That(check, Is.LessThan(Script.Value.IndexOf("dotnet publish", StringComparison.Ordinal)));
        Assert.That(Script.Value, Does.Contain("winget install Microsoft.DotNet.SDK.10").And.Contain("or add -SkipTests"));
        Assert.That(CodeLines().Select(l => l.Line), Has.None.Contains("--no-restore").And.None.Contains("dotnet restore"), "each project restores itself, so the SDK 8 never meets a net10.0 project");
    }

    [Test]
    public void It_deploys_the_win_x64_publish_and_removes_only_what_an_earlier_deploy_put_there()
    {
        Assert.That(Script.Value, Does.Contain("dotnet publish $plugin -c Release -r win-x64 --self-contained false $quantowerProperty -o $output"));
        var deploy = Script.Value[Script.Value.IndexOf("Remove-EarlierDeploy $StrategiesFolder", StringComparison.Ordinal)..];
        Assert.That(deploy.IndexOf("Set-Content -LiteralPath (Join-Path $StrategiesFolder $manifestName)", StringComparison.Ordinal), Is.GreaterThan(0), "the record of this deploy is written");
        Assert.That(deploy.IndexOf("Set-Content", StringComparison.Ordinal), Is.LessThan(deploy.IndexOf("Copy-Item", StringComparison.Ordinal)), "before copying, so a half-done copy is still removed next time");
        Assert.That(Script.Value, Does.Not.Contain("Join-Path $output '*'"), "no recursive copy of whatever is in the output");
        Assert.That(Script.Value, Does.Contain("throw \"$output has a runtimes folder"));

        var earlier = Function("Get-EarlierDeploy");
        Assert.That(earlier.IndexOf("$manifestName", StringComparison.Ordinal), Is.LessThan(earlier.IndexOf("$oldLayout", StringComparison.Ordinal)), "the manifest when there is one");
        Assert.That(earlier.IndexOf("'Recorder.Plugin.dll'", StringComparison.Ordinal), Is.LessThan(earlier.IndexOf("$oldLayout", StringComparison.Ordinal)), "the old layout's patterns only in a folder that holds an old deploy");
        var remove = Function("Remove-EarlierDeploy");
        Assert.That(remove, Does.Contain("IsPathRooted").And.Contain("$path.StartsWith($prefix"), "never outside the plugin's folder");

        // Every pattern of the old layout names one of the plugin's own files, never a kind of file in general.
        var patterns = Regex.Matches(Regex.Match(Script.Value, @"\$oldLayout = @\(([^)]*)\)").Groups[1].Value, "'([^']+)'").Select(m => m.Groups[1].Value).ToList();
        Assert.That(patterns, Is.Not.Empty);
        Assert.That(patterns.Where(p => p.StartsWith('*')), Is.Empty);
    }

    [TestCase(@"C:\Program Files\Quantower\TradingPlatform\v1.142.20\bin\")]
    [TestCase(@"D:\My Apps\Quantower\TradingPlatform\v1.142.20\bin")]
    public void A_QuantowerBin_with_a_space_and_a_trailing_backslash_reaches_msbuild_whole(string given)
    {
        // What the script does to the folder before building the argument: resolved, then without its trailing '\'.
        Assert.That(Script.Value, Does.Contain("$QuantowerBin = (Resolve-Path -LiteralPath $QuantowerBin).ProviderPath.TrimEnd('\\')"));
        Assert.That(Script.Value, Does.Contain("$quantowerProperty = '-p:QuantowerBin=' + $QuantowerBin"));
        var argument = "-p:QuantowerBin=" + given.TrimEnd('\\');

        // Windows PowerShell 5.1 wraps an argument with a space in quotes and nothing more; the program splits its
        // command line by the Microsoft C runtime's rules, where \" is a literal quote.
        var received = SplitLikeTheCRuntime(Quote51(argument) + " -o out");
        Assert.That(received, Is.EqualTo(new[] { argument, "-o", "out" }));
        Assert.That(SplitLikeTheCRuntime(Quote51("-p:QuantowerBin=" + given.TrimEnd('\\') + "\\") + " -o out"), Has.Length.Not.EqualTo(3).Or.Not.Contains("out"),
            "the check can fail: with the backslash kept, the argument swallows the next ones");
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

    private static IEnumerable<string> Categories(Type type) =>
        type.GetCustomAttributes(typeof(CategoryAttribute), true).Cast<CategoryAttribute>().Select(c => c.Name);

    // The text of one function of the script, from its "function" line to its closing brace at the start of a line.
    private static string Function(string name)
    {
        var start = Script.Value.IndexOf("function " + name + "(", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), "function " + name);
        var text = Script.Value[start..].Replace("\r\n", "\n", StringComparison.Ordinal);
        return text[..(text.IndexOf("\n}", StringComparison.Ordinal) + 2)];
    }

    private static string Quote51(string argument) => argument.Contains(' ', StringComparison.Ordinal) ? "\"" + argument + "\"" : argument;

    // The rules of CommandLineToArgvW / the C runtime: 2n backslashes + quote = n backslashes and a quote toggle;
    // 2n+1 backslashes + quote = n backslashes and a literal quote; other backslashes are literal.
    private static string[] SplitLikeTheCRuntime(string line)
    {
        var args = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        var any = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\')
            {
                var n = 0;
                while (i < line.Length && line[i] == '\\')
                {
                    n++;
                    i++;
                }

                if (i < line.Length && line[i] == '"')
                {
                    current.Append('\\', n / 2);
                    if (n % 2 == 1)
                    {
                        current.Append('"');
                    }
                    else
                    {
                        quoted = !quoted;
                    }
                }
                else
                {
                    current.Append('\\', n);
                    i--;
                }

                any = true;
            }
            else if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (any)
                {
                    args.Add(current.ToString());
                    current.Clear();
                    any = false;
                }
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }

        if (any)
        {
            args.Add(current.ToString());
        }

        return [.. args];
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
