using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// docs/cli.md, "Progress": merge, push, export --all and artifacts draw a progress bar on standard error when a person
/// watches a terminal, and nothing of it to a pipe, with --json, or into a file standard error is redirected to.
/// Run as the real program, on a pseudo-terminal (<see cref="PseudoTerminal"/>) or with both streams piped.
/// </summary>
[TestFixture]
public sealed class ProgressBarTests
{
    // What Spectre's bar is drawn with: its bar character, and the escape that starts every colour and cursor move.
    private const string Bar = "━";
    private const string Escape = "\u001b";

    private TempDatabase db = null!;
    private List<string> runs = null!;

    [OneTimeSetUp]
    public void MakeDemo()
    {
        db = DemoFiles.Create();
        runs = DemoFiles.TraderRuns(db.Path);
    }

    [OneTimeTearDown]
    public void Remove() => db.Dispose();

    // Each command and its bar's label; `tag` keeps the files of one test apart from another's.
    private static readonly (string Name, string Label, Func<ProgressBarTests, string, string[]> Args)[] Commands =
    [
        ("merge", "Merging events", (t, tag) => ["merge", t.db.Path, "-o", t.db.Sibling($"merged-{tag}.db")]),
        ("export --all", "Exporting runs", (t, tag) => ["export", "--all", "--format", "parquet", "-o", t.db.Sibling($"export-{tag}"), "--db", t.db.Path]),
        ("artifacts", "Writing artifacts", (t, tag) => ["artifacts", t.runs[0][..8], t.runs[1][..8], "-o", t.db.Sibling($"artifacts-{tag}"), "--db", t.Copy(tag)]),
    ];

    private static IEnumerable<TestCaseData> Names() => Commands.Select(c => new TestCaseData(c.Name));

    [TestCaseSource(nameof(Names))]
    public void On_a_terminal_the_command_draws_its_bar(string name)
    {
        var (_, label, args) = Commands.Single(c => c.Name == name);
        var run = PseudoTerminal.Recorder(db.Folder, args(this, "terminal"));
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        AssertBar(run.Out, label);
    }

    [TestCaseSource(nameof(Names))]
    public void Piped_the_command_prints_no_bar(string name)
    {
        var (_, label, args) = Commands.Single(c => c.Name == name);
        var run = ProcessTests.Recorder(db.Folder, args(this, "piped"));
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        AssertNoBar(run.Out + run.Error, label);
        Assert.That(run.Out, Does.Contain("Wrote").Or.Contain("Merging into"), "the command's own lines are there");
    }

    [Test]
    public void Merge_with_json_on_a_terminal_draws_no_bar()
    {
        var run = PseudoTerminal.Recorder(db.Folder, ["merge", db.Path, "-o", db.Sibling("merged-json.db"), "--json"]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var text = FromProgram(run.Out);
        AssertNoBar(text, "Merging events");
        using var json = JsonDocument.Parse(text);
        Assert.That(json.RootElement.GetProperty("files").GetArrayLength(), Is.EqualTo(1), "the JSON, and only it, is on the terminal");
    }

    // export --all, as it takes long enough for a bar that mistook the file for a terminal to write a line into it.
    [Test]
    public void Export_all_with_standard_error_redirected_writes_no_bar_into_the_file()
    {
        var errors = db.Sibling("export-errors.txt");
        var run = PseudoTerminal.Recorder(db.Folder, ["export", "--all", "--format", "parquet", "-o", db.Sibling("export-errors"), "--db", db.Path], errorsTo: errors);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        AssertNoBar(File.ReadAllText(errors), "Exporting runs");
        Assert.That(run.Out.Contains(Bar, StringComparison.Ordinal) || run.Out.Contains("Exporting runs", StringComparison.Ordinal), Is.False,
            $"nor on the terminal, where standard output still goes:\n{run.Out}");
    }

    [Test]
    [Category("PostgreSQL")]
    public void Push_draws_its_bar_on_a_terminal_and_none_piped()
    {
        using var team = PostgresServer.CreateDatabase();
        var terminal = PseudoTerminal.Recorder(db.Folder, ["push", db.Path, "--to", team.ConnectionString]);
        Assert.That(terminal.ExitCode, Is.EqualTo(0), terminal.ToString());
        AssertBar(terminal.Out, "Pushing runs");

        // Piped, into a team database of its own: the same runs pushed, and no bar.
        using var clean = PostgresServer.CreateDatabase();
        var piped = ProcessTests.Recorder(db.Folder, "push", db.Path, "--to", clean.ConnectionString);
        Assert.That(piped.ExitCode, Is.EqualTo(0), piped.ToString());
        AssertNoBar(piped.Out + piped.Error, "Pushing runs");
        Assert.That(piped.Out, Does.Contain("32 of 32 runs pushed"), piped.ToString());
    }

    private string Copy(string tag)
    {
        // artifacts keeps each manifest's SHA-256 with its run: its own file, so that the other tests read the demo's.
        var copy = db.Sibling($"artifacts-{tag}.db");
        File.Copy(db.Path, copy, overwrite: true);
        return copy;
    }

    // .NET's console puts a terminal's keypad in application mode when it starts (terminfo keypad_xmit): that escape
    // is the runtime's, not the recorder's output.
    private static string FromProgram(string terminal) => terminal.Replace("\u001b[?1h\u001b=", "", StringComparison.Ordinal);

    // Ordinal: compared by culture, an escape character (ignorable) is found in any text.
    private static void AssertBar(string terminal, string label)
    {
        Assert.That(terminal.Contains(label, StringComparison.Ordinal), Is.True, $"the bar's label:\n{terminal}");
        Assert.That(terminal.Contains(Bar, StringComparison.Ordinal), Is.True, $"the bar itself:\n{terminal}");
        Assert.That(terminal.Contains("100%", StringComparison.Ordinal), Is.True, $"drawn done at the end:\n{terminal}");
    }

    private static void AssertNoBar(string output, string label)
    {
        Assert.That(output.Contains(Escape, StringComparison.Ordinal), Is.False, $"no escape codes:\n{output}");
        Assert.That(output.Contains(Bar, StringComparison.Ordinal), Is.False, $"no bar characters:\n{output}");
        Assert.That(output.Contains(label, StringComparison.Ordinal), Is.False, $"no progress line:\n{output}");
    }
}
