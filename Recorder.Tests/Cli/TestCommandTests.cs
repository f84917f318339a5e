using System.Text.RegularExpressions;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// The README's test command (./test.sh) and what it counts on: CI runs exactly that command, the script looks for a
/// browser where the tests do and counts every kind of missing part the tests report, and every test that needs a part
/// carries the category that lets build.ps1 leave it out. Text checks: the script's installs need a machine to run.
/// </summary>
public sealed class TestCommandTests
{
    private static string Read(string relative) => File.ReadAllText(Path.Combine(Repository.Root, relative)).Replace("\r\n", "\n", StringComparison.Ordinal);

    [Test]
    public void CI_runs_the_test_command_exactly_as_the_README_writes_it()
    {
        var readme = Read("README.md");
        var section = readme[readme.IndexOf("## On a fresh machine", StringComparison.Ordinal)..];
        var block = Regex.Match(section, "```bash\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        var commands = block.Split('\n').Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')).ToList();
        Assert.That(commands, Has.Count.EqualTo(2), "the two commands of a fresh machine: the demo, the tests");
        Assert.That(commands[1], Is.EqualTo("./test.sh"));

        var ci = Read(".ci/run").Split('\n');
        Assert.That(ci, Has.Some.StartsWith(commands[1] + " 2>&1 | tee"), ".ci/run runs the README's test command and reads its output");
        Assert.That(ci.Last(l => l.Length > 0), Is.EqualTo("[ \"$rc\" -eq 0 ] && [ \"$failed\" -eq 0 ]"));
        Assert.That(ci, Has.Some.EqualTo("echo \"${passed} passed, ${failed} failed\""), "CI's last line is the summary");
    }

    [Test]
    public void The_script_reads_the_package_lists_before_installing_and_installs_as_root_or_through_passwordless_sudo()
    {
        var script = Read("test.sh");
        Assert.That(script.IndexOf("apt_get update", StringComparison.Ordinal), Is.GreaterThan(0));
        Assert.That(script.IndexOf("apt_get update", StringComparison.Ordinal), Is.LessThan(script.IndexOf("apt_get install", StringComparison.Ordinal)));
        Assert.That(script, Does.Contain("sudo -n \"$@\"").And.Contain("\"$(id -u)\" -eq 0"));
        Assert.That(script, Does.Contain("ensure have_browser chromium").And.Contain("ensure have_postgresql postgresql"));
        Assert.That(script, Does.Contain("dotnet test QuantowerRecorder.sln \"$@\""));
        Assert.That(script.Split('\n').Last(l => l.Length > 0), Is.EqualTo("[ \"$rc\" -eq 0 ] && [ \"$failed\" -eq 0 ]"));
    }

    [Test]
    public void The_script_looks_for_a_browser_under_every_name_the_tests_look_for()
    {
        var script = Read("test.sh");
        var names = new BrowserLocator(BrowserOs.Linux, name => name == "PATH" ? "/p" : null, _ => false).Candidates().Select(c => c["/p/".Length..]).ToList();
        Assert.That(names, Is.Not.Empty);
        var loop = Regex.Match(script, @"for name in ([^;]+);").Groups[1].Value.Split(' ');
        Assert.That(loop, Is.EquivalentTo(names));
    }

    [TestCase(MissingPart.Browser)]
    [TestCase(MissingPart.PostgreSql)]
    [TestCase(MissingPart.LinuxRoot)]
    [TestCase(MissingPart.Fuse)]
    public void The_script_counts_the_tests_that_failed_for_want_of_each_part(string part)
    {
        Assert.That(Read("test.sh"), Does.Contain("report_missing " + part + " "));
    }

    [TestCase("PostgresServer.CreateDatabase(", MissingPart.PostgreSql)]
    [TestCase("DevToolsBrowser.StartAsync(", MissingPart.Browser)]
    [TestCase("SmallDisk.Mount(", MissingPart.LinuxRoot)]
    public void Every_test_that_needs_a_part_carries_its_category(string call, string part)
    {
        var tests = Path.Combine(Repository.Root, "Recorder.Tests");
        var users = Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).Equals(nameof(TestCommandTests) + ".cs", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains(call, StringComparison.Ordinal))
            .ToList();
        Assert.That(users, Is.Not.Empty, "something calls " + call);
        foreach (var file in users)
        {
            Assert.That(File.ReadAllText(file), Does.Contain($"[Category(\"{part}\")]"), $"{Path.GetRelativePath(tests, file)} calls {call} without [Category(\"{part}\")]: build.ps1 would run it on a trader's PC");
        }
    }
}
