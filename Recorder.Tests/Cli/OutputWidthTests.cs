using System.Text.Json;
using System.Text.RegularExpressions;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// The rule of docs/cli.md, "Text and the terminal's width": at any width, no line of any command is wider than the
/// terminal, and nothing a user must type — a run id as printed, a study's or an instance's name — is cut. Every
/// command with output runs on the demo at 40, 60, 80 and 120 columns on a terminal (boxed tables) and at 40 to a pipe
/// with COLUMNS (plain tables). The only line allowed past the edge holds one word (a SHA-256, a path) wider than it.
/// </summary>
[TestFixture]
public sealed partial class OutputWidthTests
{
    private static readonly (int Width, bool Terminal)[] Layouts = [(40, true), (60, true), (80, true), (120, true), (40, false)];

    private TempDatabase db = null!;
    private Demo demo = null!;

    // What the commands are given, read from the fixture's demo: runs by role, and the files made for them.
    private sealed record Demo(string Db, string Folder, string First, string Last, string Paper, string Artifacts, string Events, List<string> RunIds);

    [OneTimeSetUp]
    public void MakeDemo()
    {
        db = DemoFiles.Create();
        var single = DemoFiles.TraderRuns(db.Path);
        var paper = Db.Scalar<string>(db.Path, "SELECT r.run_id FROM strategy_runs r JOIN strategy_instances i USING (instance_id) WHERE r.run_type = 'PAPER' AND i.instance_name = 'Medium 10/30'");
        var artifacts = db.Sibling("artifacts");
        var written = Cli.Run(db.Folder, "artifacts", single[0], "-o", artifacts, "--db", db.Path);
        Assert.That(written.ExitCode, Is.EqualTo(0), written.ToString());
        var events = db.Sibling("events.jsonl");
        var s = new Scenario();
        File.WriteAllLines(events, [.. s.Start().Select(EventLines.Line), "not json", EventLines.Line(s.Fill("X1", "O1", Side.Buy, 1, 5000)), EventLines.Line(s.End())]);
        demo = new Demo(db.Path, db.Folder, single[0], single[^1], paper, artifacts, events, Db.Query<string>(db.Path, "SELECT run_id FROM strategy_runs").ToList());
    }

    [OneTimeTearDown]
    public void Remove() => db.Dispose();

    // Each command with output, as a user types it; `copy` gives the command its own copy of the file when it writes.
    // Slow ones (seconds each) run at 40 and 80 columns on a terminal only.
    private static readonly (string Name, bool Copy, Func<Demo, string, string[]> Args)[] Commands =
    [
        ("strategies", false, (_, _) => ["strategies"]),
        ("instances", false, (_, _) => ["instances", "Demo"]),
        ("runs", false, (_, _) => ["runs"]),
        ("runs --help", false, (_, _) => ["runs", "--help"]),
        ("show", false, (d, _) => ["show", d.First[..8]]),
        ("show paper", false, (d, _) => ["show", d.Paper[..8]]),
        ("trades", false, (d, _) => ["trades", d.First[..8]]),
        ("executions", false, (d, _) => ["executions", d.First[..8]]),
        ("bars", false, (d, _) => ["bars", d.First[..8]]),
        ("compare instances", false, (_, _) => ["compare", "Fast 5/20", "Medium 10/30", "Slow 20/60"]),
        ("compare runs", false, (d, _) => ["compare", d.First[..8], d.Paper[..8], d.Last[..8], "--all-metrics"]),
        ("reconcile", false, (d, _) => ["reconcile", d.Paper[..8]]),
        ("insight paper", false, (d, _) => ["insight", d.Paper[..8]]),
        ("insight backtest", false, (d, _) => ["insight", d.First[..8]]),
        ("studies", false, (_, _) => ["studies"]),
        ("study", false, (_, _) => ["study", "demo-sweep"]),
        ("export to a file", false, (d, tag) => ["export", d.First[..8], "--what", "trades", "-o", Path.Combine(d.Folder, $"trades-{tag}.csv")]),
        ("export parquet", false, (d, tag) => ["export", d.First[..8], "--what", "executions", "--format", "parquet", "-o", Path.Combine(d.Folder, $"fills-{tag}.parquet")]),
        ("artifacts", true, (d, tag) => ["artifacts", d.First[..8], "-o", Path.Combine(d.Folder, $"artifacts-{tag}")]),
        ("verify --artifacts", false, (d, _) => ["verify", "--artifacts", d.Artifacts]),
        ("report", false, (d, tag) => ["report", d.First[..8], d.Last[..8], "-o", Path.Combine(d.Folder, $"report-{tag}.html")]),
        ("report --study", false, (d, tag) => ["report", "--study", "demo-sweep", "-o", Path.Combine(d.Folder, $"study-{tag}.html")]),
        ("import", false, (d, tag) => ["import", d.Events, "--db", Path.Combine(d.Folder, $"imported-{tag}.db")]),
        ("analyze", true, (d, _) => ["analyze", d.First[..8]]),
        ("verify", true, (_, _) => ["verify"]),
        ("prune", true, (_, _) => ["prune", "--keep", "5"]),
        ("study group", true, (d, _) => ["study", "group", "my picks", d.First[..8], d.Last[..8]]),
        ("study ungroup", true, (d, _) => ["study", "ungroup", d.First[..8]]),
        ("ambiguous run", false, (_, _) => ["show", "019"]),
        ("help", false, (_, _) => ["--help"]),
        ("replay", false, (d, tag) => ["replay", "-o", Path.Combine(d.Folder, $"replayed-{tag}.db")]),
        ("merge", false, (d, tag) => ["merge", d.Db, "-o", Path.Combine(d.Folder, $"merged-{tag}.db")]),
        // --once: a snapshot on a terminal too, where watch would otherwise redraw until q.
        ("watch", false, (_, _) => ["watch", "--once"]),
        ("watch run", false, (d, _) => ["watch", d.Paper[..8], "--once"]),
        ("watch --study", false, (_, _) => ["watch", "--study", "demo-sweep", "--once"]),
    ];

    private static readonly string[] Slow = ["replay", "merge"];

    private static IEnumerable<TestCaseData> Cases() =>
        Commands.SelectMany(c => Layouts.Where(l => !Slow.Contains(c.Name) || l is (40, true) or (80, true)).Select(l => new TestCaseData(c.Name, l.Width, l.Terminal)
            .SetName($"Every_line_fits_and_nothing_to_type_is_cut({c.Name}, {l.Width}, {(l.Terminal ? "terminal" : "pipe")})")));

    [TestCaseSource(nameof(Cases))]
    public void Every_line_fits_and_nothing_to_type_is_cut(string name, int width, bool terminal)
    {
        var command = Commands.Single(c => c.Name == name);
        var tag = $"{width}{(terminal ? "t" : "p")}";
        var file = demo.Db;
        if (command.Copy)
        {
            file = db.Sibling($"copy-{name.Replace(' ', '-')}-{tag}.db");
            File.Copy(demo.Db, file);
        }

        var args = command.Args(demo, tag);
        var run = Cli.Run(demo.Folder, env => env with { Columns = width, IsTerminal = terminal, ErrorIsTerminal = terminal },
            args.Contains("--db") ? args : [.. args, "--db", file]);
        Assert.That(run.ExitCode, Is.Not.EqualTo(70), run.ToString());
        Assert.That(run.Out.Length + run.Error.Length, Is.GreaterThan(0), "the command printed something to check");
        // Standard error to a pipe or a log keeps each message on one line, to be searched for (docs/cli.md).
        foreach (var (stream, text) in terminal ? new[] { ("standard output", run.Out), ("standard error", Plain(run.Error)) } : [("standard output", run.Out)])
        {
            var wider = Lines(text).Where(l => CellWidth.Of(l) > width && !OneWord(l)).ToList();
            Assert.That(wider, Is.Empty, $"{stream} at {width} columns:\n{text}");
            CheckRunIds(text, stream);
        }

        foreach (var whole in Identifiers(name))
        {
            Assert.That(Collapsed(run.Out), Does.Contain(whole), $"'{whole}' whole at {width} columns:\n{run.Out}");
        }
    }

    [Test]
    public void The_demo_fits_40_columns_with_its_runs_and_hints_whole()
    {
        // `recorder demo --db <file>` at 40 columns on a terminal, recorded once per run (DemoThroughPluginTests reads it too).
        var demo = SharedDemo.InThisProcess(40, terminal: true);
        var run = demo.Run;
        using var fresh = demo.Copy();
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var wider = Lines(run.Out).Where(l => CellWidth.Of(l) > 40 && !OneWord(l, demo.Folder)).ToList();
        Assert.That(wider, Is.Empty, run.Out);
        foreach (var id in DemoFiles.TraderRuns(fresh.Path))
        {
            Assert.That(run.Out, Does.Contain(id[..8]), "each of the trader's runs, its id whole");
        }

        foreach (var name in new[] { "Fast 5/20", "Medium 10/30", "Slow 20/60", "demo-sweep" })
        {
            Assert.That(Collapsed(run.Out), Does.Contain(name));
        }
    }

    [Test]
    public void Serve_says_where_it_serves_within_40_columns()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = demo.Folder,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "recorder.dll"), "serve", "--db", demo.Db, "--port", "0" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["COLUMNS"] = "40";
        using var process = System.Diagnostics.Process.Start(start)!;
        var lines = new List<string>();
        try
        {
            while (!lines.Any(l => l.Contains("Ctrl+C", StringComparison.Ordinal)) && process.StandardOutput.ReadLine() is { } line)
            {
                lines.Add(line);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        Assert.That(lines, Has.Some.Contains("page: http://127.0.0.1:"), string.Join("\n", lines));
        Assert.That(lines.Where(l => CellWidth.Of(l) > 40 && !OneWord(l)), Is.Empty, string.Join("\n", lines));
    }

    [Test]
    [Category("PostgreSQL")]
    public void Push_fits_40_and_80_columns()
    {
        using var team = PostgresServer.CreateDatabase();
        foreach (var width in new[] { 40, 80 })
        {
            var run = Cli.Run(demo.Folder, env => env with { Columns = width, IsTerminal = true, ErrorIsTerminal = true },
                "push", demo.Db, "--to", team.ConnectionString);
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(Lines(run.Out).Where(l => CellWidth.Of(l) > width && !OneWord(l)), Is.Empty, run.Out);
            Assert.That(Collapsed(run.Out), Does.Contain(width == 40 ? "32 of 32 runs pushed" : "nothing new"), "the first push sends the runs, the second nothing");
        }
    }

    [Test]
    public void Studies_print_every_study_name_whole_at_every_width()
    {
        var studies = Cli.Run(demo.Folder, "studies", "--json", "--db", demo.Db);
        using var json = JsonDocument.Parse(studies.Out);
        var names = json.RootElement.EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToList();
        // The demo's one study: its other strategy ran too few parameter sets to be one (docs/studies.md).
        Assert.That(names, Is.EqualTo(new[] { "demo-sweep" }));
        foreach (var (width, terminal) in Layouts)
        {
            var run = Cli.Run(demo.Folder, env => env with { Columns = width, IsTerminal = terminal }, "studies", "--db", demo.Db);
            foreach (var name in names)
            {
                Assert.That(Collapsed(run.Out), Does.Contain(name), $"study name '{name}' at {width} columns ({(terminal ? "terminal" : "pipe")}):\n{run.Out}");
            }
        }
    }

    [Test]
    public void Help_is_wrapped_between_words_with_every_word_whole()
    {
        foreach (var args in new[] { new[] { "--help" }, ["export", "--help"], ["reconcile", "--help"], ["serve", "--help"] })
        {
            var unwrapped = Cli.Run(demo.Folder, args);
            foreach (var width in new[] { 40, 60, 80 })
            {
                var wrapped = Cli.Run(demo.Folder, env => env with { Columns = width, IsTerminal = true }, args);
                Assert.That(Lines(wrapped.Out).Max(CellWidth.Of), Is.LessThanOrEqualTo(width), wrapped.Out);
                // Wrapping only moves words between lines: the same words, in the same order.
                Assert.That(Words(wrapped.Out), Is.EqualTo(Words(unwrapped.Out)), $"{string.Join(' ', args)} at {width}:\n{wrapped.Out}");
            }
        }
    }

    // Run ids as printed: every hex word that starts like one of the demo's ids is at least its first 8 characters
    // (ShortIds' shortest) and a prefix of a real id: never "019b8b…".
    private void CheckRunIds(string text, string stream)
    {
        foreach (Match id in RunIdLike().Matches(text))
        {
            Assert.That(id.Value.Length >= 8 && demo.RunIds.Any(r => r.StartsWith(id.Value, StringComparison.Ordinal)), Is.True,
                $"'{id.Value}' in {stream} is a whole run id or its first 8+ characters:\n{text}");
        }
    }

    // Names the demo's hints and tables ask a user to type, which must be printed whole wherever the command shows them.
    private IEnumerable<string> Identifiers(string name) => name switch
    {
        "runs" => DemoFiles.TraderRuns(demo.Db).Select(r => r[..8]).Concat(["Fast 5/20", "Medium 10/30", "Slow 20/60", "demo-sweep"]),
        "instances" => ["Fast 5/20", "Medium 10/30", "Slow 20/60", "Sweep 3/20"],
        "compare runs" => [demo.First[..8], demo.Paper[..8], demo.Last[..8], "Fast 5/20", "Medium 10/30"],
        "compare instances" => ["Fast 5/20", "Medium 10/30", "Slow 20/60"],
        "reconcile" => [demo.Paper, "Medium 10/30"],
        "show" => [demo.First],
        "studies" or "study" or "watch --study" => ["demo-sweep"],
        "watch run" => [demo.Paper[..8], "Medium 10/30"],
        "analyze" => [demo.First],
        _ => [],
    };

    private bool OneWord(string line) => OneWord(line, demo.Folder);

    // A line past the edge may only be one word wider than the terminal (a SHA-256, a path), printed whole.
    private static bool OneWord(string line, string folder)
    {
        var text = line.Trim();
        foreach (var path in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Append(folder))
        {
            text = text.Replace(path, "", StringComparison.Ordinal);
        }

        return !text.Trim().Contains(' ', StringComparison.Ordinal);
    }

    private static string Plain(string error) => AnsiCode().Replace(error, "");

    private static string Collapsed(string text) => Whitespace().Replace(text, " ");

    // Help's lists of values may break after a "|".
    private static List<string> Words(string text) => Whitespace().Split(text.Replace("|", "| ", StringComparison.Ordinal)).Where(w => w.Length > 0).ToList();

    private static List<string> Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();

    // The demo's run ids start 019b or 019d (2026 in Unix milliseconds); a SHA-256 starting so is longer than a first group.
    [GeneratedRegex(@"(?<![0-9a-f])019[0-9a-f]{3,5}(?:-[0-9a-f]+)*(?![0-9a-f])")]
    private static partial Regex RunIdLike();

    [GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]")]
    private static partial Regex AnsiCode();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
