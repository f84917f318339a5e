using System.Xml.Linq;
using NUnit.Framework;
using QuantowerRecorder.Cli;
using QuantowerRecorder.Cli.Commands;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// The demo's "Next, try" lines work as printed: where `recorder` is not on PATH the README's install lines come first,
/// and a hint too long for the terminal is continued as the shell continues a line. The hints are printed here from
/// the demo's runs as the demo prints them (DemoHints), under each environment, rather than recording a demo each time.
/// </summary>
[TestFixture]
public sealed class DemoHintTests
{
    private TempDatabase db = null!;
    private IReadOnlyList<RunSummary> runs = null!;
    private string clone = null!;

    [OneTimeSetUp]
    public void MakeDemo()
    {
        db = DemoFiles.Create();
        using var reader = RecorderStore.OpenRead(db.Path);
        runs = reader.Runs.List(new RunQuery()).Runs;
        clone = Repository.Root;
    }

    [OneTimeTearDown]
    public void Remove() => db.Dispose();

    private string Hints(Func<CliEnvironment, CliEnvironment> configure, string? explicitDb = null)
    {
        using var output = new StringWriter();
        var env = configure(new CliEnvironment { Out = output, Error = TextWriter.Null, CurrentDirectory = db.Folder });
        var single = DemoFiles.TraderRuns(db.Path);
        DemoHints.Write(new CliContext(env, CommonOptions.Database()), runs, single, 8, explicitDb);
        return output.ToString();
    }

    private string OnPath()
    {
        var bin = db.Sibling("tools");
        Directory.CreateDirectory(bin);
        var file = Path.Combine(bin, OperatingSystem.IsWindows() ? "recorder.exe" : "recorder");
        File.WriteAllText(file, "");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return bin;
    }

    [Test]
    public void With_recorder_on_PATH_the_hints_come_alone()
    {
        var text = Hints(env => env with { SearchPath = OnPath() });
        Assert.That(text, Does.Not.Contain("dotnet tool install").And.Not.Contain("not on PATH"));
        Assert.That(HintLines(text), Has.Count.EqualTo(13).And.All.StartWith("  recorder "));
    }

    [Test]
    public void From_the_clones_root_without_recorder_on_PATH_the_READMEs_two_install_lines_come_first_as_they_stand()
    {
        var text = Hints(env => env with { SearchPath = db.Sibling("empty"), CurrentDirectory = clone });
        string[] install = ["  dotnet pack -c Release Recorder.Cli", "  dotnet tool install --global QuantowerRecorder.Cli --add-source artifacts/tool"];
        var lines = Lines(text);
        var next = lines.IndexOf("Next, try:");
        Assert.That(lines.IndexOf(install[0]), Is.GreaterThanOrEqualTo(0).And.LessThan(next), text);
        Assert.That(lines.IndexOf(install[1]), Is.EqualTo(lines.IndexOf(install[0]) + 1), text);
        var readme = File.ReadAllLines(Path.Combine(clone, "README.md"));
        Assert.That(readme, Has.Member(install[0].Trim()).And.Member(install[1].Trim()), "the README's own lines");
        InstallWorksFrom(clone, install.Select(l => Words(l.Trim())).ToList());
        Assert.That(HintLines(text), Has.Count.EqualTo(13).And.All.StartWith("  recorder "), "then the hints, for once it is installed");
    }

    [Test]
    public void Elsewhere_without_recorder_on_PATH_the_install_lines_name_the_clone()
    {
        var text = Hints(env => env with { SearchPath = "" });
        var install = Lines(text).Where(l => l.StartsWith("  dotnet ", StringComparison.Ordinal)).Select(l => Words(l.Trim())).ToList();
        Assert.That(install, Has.Count.EqualTo(2), text);
        Assert.That(install[0], Is.EqualTo(new[] { "dotnet", "pack", "-c", "Release", Path.Combine(clone, "Recorder.Cli") }));
        Assert.That(install[1], Is.EqualTo(new[] { "dotnet", "tool", "install", "--global", "QuantowerRecorder.Cli", "--add-source", Path.Combine(clone, "artifacts", "tool") }));
        InstallWorksFrom(db.Folder, install);
    }

    [Test]
    public void Outside_a_clone_without_recorder_on_PATH_the_hints_start_this_program_by_its_path()
    {
        var program = db.Sibling("program");
        Directory.CreateDirectory(program);
        var apphost = Path.Combine(program, OperatingSystem.IsWindows() ? "recorder.exe" : "recorder");
        File.WriteAllText(apphost, "");
        var text = Hints(env => env with { SearchPath = "", ProgramFolder = program });
        Assert.That(text, Does.Not.Contain("dotnet tool install"));
        Assert.That(HintLines(text, "  " + ShellLine.Quote(apphost) + " "), Has.Count.EqualTo(13), text);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void At_40_columns_a_long_hint_is_continued_as_its_shell_continues_a_line_and_works_pasted(bool windows)
    {
        var wide = Hints(env => env with { SearchPath = OnPath() }, db.Path);
        var narrow = Hints(env => env with { SearchPath = OnPath(), Columns = 40, IsTerminal = true, WindowsShell = windows }, db.Path);
        var mark = windows ? " `" : " \\";
        Assert.That(narrow, Does.Contain(mark + Environment.NewLine), "some hints are continued");
        Assert.That(Lines(narrow).Where(l => l.Length > 40 && !l.Contains(db.Path, StringComparison.Ordinal)), Is.Empty, narrow);
        // Pasted, the continued lines are the command: the shell drops the mark and the line break.
        var pasted = HintLines(narrow.Replace(mark + Environment.NewLine, " ", StringComparison.Ordinal));
        Assert.That(pasted.Select(Words), Is.EqualTo(HintLines(wide).Select(Words)));
        foreach (var hint in pasted)
        {
            var run = Cli.Run(db.Folder, Words(hint.Trim())[1..]);
            Assert.That(run.ExitCode, Is.EqualTo(0), hint + "\n" + run);
        }
    }

    // The two lines, given from `folder`, pack the project that makes the `recorder` tool into the folder the second
    // installs from (Recorder.Cli.csproj: PackAsTool, PackageId, PackageOutputPath): .ci/run runs the real install.
    private void InstallWorksFrom(string folder, List<string[]> install)
    {
        var project = Path.GetFullPath(install[0][^1], folder);
        var csproj = XDocument.Load(Path.Combine(project, "Recorder.Cli.csproj"));
        string Property(string name) => csproj.Descendants(name).Single().Value;
        Assert.That(Property("PackAsTool"), Is.EqualTo("true"));
        Assert.That(Property("ToolCommandName"), Is.EqualTo("recorder"));
        Assert.That(install[1][Array.IndexOf(install[1], "--global") + 1], Is.EqualTo(Property("PackageId")));
        var packedTo = Path.GetFullPath(Property("PackageOutputPath").Replace("$(MSBuildThisFileDirectory)", "", StringComparison.Ordinal)
            .Replace('\\', Path.DirectorySeparatorChar), project);
        Assert.That(Path.GetFullPath(install[1][Array.IndexOf(install[1], "--add-source") + 1], folder), Is.EqualTo(packedTo));
    }

    private static List<string> Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();

    private static List<string> HintLines(string text, string start = "  recorder ") =>
        Lines(text).Where(l => l.StartsWith(start, StringComparison.Ordinal)).ToList();

    // The words a shell reads from a line: split at spaces outside double quotes.
    private static string[] Words(string line)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (any)
                {
                    words.Add(current.ToString());
                }

                current.Clear();
                any = false;
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }

        if (any)
        {
            words.Add(current.ToString());
        }

        return [.. words];
    }
}
