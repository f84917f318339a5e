using System.CommandLine;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage.PostgreSql;
using Spectre.Console;

namespace QuantowerRecorder.Cli.Infrastructure;

/// <summary>What a command handler works with: the environment, styled output, errors, progress and confirmation.</summary>
internal sealed class CliContext
{
    public CliContext(CliEnvironment env, Option<string?> databaseOption)
    {
        Env = env;
        DatabaseOption = databaseOption;
        Console = Terminal.Create(env.Out, env.IsTerminal, env.Columns);
        Errors = Terminal.Create(env.Error, env.ErrorIsTerminal, env.Columns);
    }

    public CliEnvironment Env { get; }

    public Option<string?> DatabaseOption { get; }

    /// <summary>Standard output: tables, results, JSON.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Standard error: progress, warnings and errors, so that piped output stays clean.</summary>
    public IAnsiConsole Errors { get; }

    public TimeProvider Time => Env.Time;

    /// <summary>
    /// The database a command works on: --db, else $RECORDER_DB, else recorder.db in the current folder; a command that
    /// only reads an existing file falls back to the plugin's database, and says so. A PostgreSQL connection string
    /// there, or a text file holding one (keeps the password off the command line), names the team store.
    /// </summary>
    public RecorderDatabase Database(ParseResult parse) => Resolve(parse, creates: false);

    /// <summary>
    /// The recorder file a command works on, as a full path, for the commands that write or check a file
    /// (<paramref name="creates"/>: it may not exist yet, so there is no fallback to the plugin's database). The team
    /// store is refused with the next step, its password masked.
    /// </summary>
    public string DatabaseFile(ParseResult parse, bool creates = false) => Resolve(parse, creates) switch
    {
        RecorderDatabase.File file => file.Path,
        var team => throw new CliException(
            $"recorder {parse.CommandResult.Command.Name}{(creates ? " (as used here)" : "")} works on a SQLite recorder file, and {team.Shown} is a PostgreSQL team database. " +
            "Give it a file with --db <file>; files reach the team database with `recorder push`.",
            ExitCodes.Usage),
    };

    private RecorderDatabase Resolve(ParseResult parse, bool creates)
    {
        var chosen = parse.GetValue(DatabaseOption);
        if (string.IsNullOrWhiteSpace(chosen))
        {
            chosen = Env.DatabaseVariable;
        }

        if (TeamStore.IsConnectionString(chosen))
        {
            return new RecorderDatabase.Team(chosen!.Trim());
        }

        if (!string.IsNullOrWhiteSpace(chosen))
        {
            var path = FullPath(chosen);
            return ConnectionStringFile.Read(path) is { } fromFile ? new RecorderDatabase.Team(fromFile.Trim()) : new RecorderDatabase.File(path);
        }

        var here = FullPath(CommonOptions.DefaultFileName);
        if (creates || File.Exists(here))
        {
            return new RecorderDatabase.File(here);
        }

        // Standard error, so that piped tables and JSON stay clean; a missing file gets its own error instead.
        if (File.Exists(Env.PluginDatabase))
        {
            Env.Error.WriteLine($"Using the Quantower plugin's database {Env.PluginDatabase} (no --db, no $RECORDER_DB, no {CommonOptions.DefaultFileName} here).");
        }

        return new RecorderDatabase.File(Env.PluginDatabase);
    }

    /// <summary>A path given on the command line, relative to the current folder.</summary>
    public string FullPath(string path) => Path.GetFullPath(path, Env.CurrentDirectory);

    /// <summary>
    /// The width no line of standard output may pass: the terminal's (or COLUMNS); to a pipe COLUMNS, else none, so
    /// that output does not depend on the window it was run from.
    /// </summary>
    public int? Width => Env.IsTerminal ? Env.Columns ?? Console.Profile.Width : Env.Columns;

    /// <summary>
    /// Writes prose to standard output (never interpreted as markup), wrapped between words to <see cref="Width"/>:
    /// mark a path or a name that holds spaces with <see cref="Wrap.Keep"/> so that it stays on one line.
    /// </summary>
    public void Line(string text = "")
    {
        foreach (var line in Wrap.Prose(text, Width))
        {
            Env.Out.WriteLine(line);
        }
    }

    /// <summary>
    /// Writes a command for the user to type, indented by two spaces; too long for the line, it is continued on the
    /// next in the shell's own way (<see cref="ShellLine"/>), so that it still works when pasted.
    /// </summary>
    public void Hint(params string[] words)
    {
        foreach (var line in ShellLine.Lines(words, Width, Env.WindowsShell))
        {
            Env.Out.WriteLine(line);
        }
    }

    /// <summary>Writes a record as `--json` prints it (<see cref="ContractJson"/>); the command's work is then done.</summary>
    public int Json<T>(T value)
    {
        ContractJson.Write(Env.Out, value);
        return ExitCodes.Ok;
    }

    /// <summary>
    /// How tables are laid out here: boxed and fitted to the terminal (or COLUMNS); to a pipe plain, with every
    /// column and no width limit, so that output does not depend on the window it was run from.
    /// </summary>
    public TableLayout Layout(bool wide) => Env.IsTerminal
        ? new TableLayout(Width, wide, Boxed: true, Console.Profile.Capabilities.Unicode)
        : new TableLayout(Width, wide || Width is null, Boxed: false, Unicode: false);

    /// <summary>Writes a table, and which columns were left out to fit (--wide shows them).</summary>
    public void Table(TextTable table, bool wide)
    {
        var layout = Layout(wide);
        var (lines, hidden) = table.Render(layout);
        foreach (var line in lines)
        {
            Env.Out.WriteLine(line);
        }

        if (hidden.Count > 0)
        {
            Line(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"(To fit {layout.Width} columns: no {string.Join(", ", hidden.Select(Wrap.Keep))}. --wide shows all.)"));
        }
    }

    /// <summary>
    /// "error: …" on standard error: red on a terminal; to a pipe or log, one unwrapped line, so that it can be
    /// searched for and a path in it is never split.
    /// </summary>
    public void Error(string message) => ToErrors("[red]error:[/] " + Markup.Escape(message), "error: " + message);

    /// <summary>A warning on standard error: yellow on a terminal; to a pipe or log, one unwrapped line.</summary>
    public void Warn(string text) => ToErrors($"[yellow]{Markup.Escape(text)}[/]", text);

    private void ToErrors(string markup, string plain)
    {
        if (Env.ErrorIsTerminal)
        {
            Errors.MarkupLine(markup);
        }
        else
        {
            Env.Error.WriteLine(plain);
        }
    }

    /// <summary>Asks a yes/no question when a person can answer; false (the safe answer) otherwise.</summary>
    public bool Confirm(string question)
    {
        if (!Env.CanPrompt)
        {
            return false;
        }

        Errors.Markup(Markup.Escape(question) + " [[y/N]] ");
        return Env.In.ReadLine()?.Trim().ToUpperInvariant() is "Y" or "YES";
    }

    /// <summary>
    /// Runs work with a progress bar (done of total, time left) on standard error, when a person watches both
    /// streams; none with --json, or when either stream is redirected, so that captured output and logs stay clean.
    /// </summary>
    public T WithProgress<T>(ParseResult parse, string label, Func<IProgress<(long Done, long Total)>, T> work)
    {
        if (!Env.IsTerminal || !Env.ErrorIsTerminal || AsksForJson(parse))
        {
            return work(NoProgress.Instance);
        }

        T result = default!;
        Errors.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(label), maxValue: 1);
                result = work(new InlineProgress(task));
                task.Value = task.MaxValue;
            });
        return result;
    }

    // Every --json is CommonOptions.Json(): a flag of that name on the command being run.
    private static bool AsksForJson(ParseResult parse) =>
        parse.CommandResult.Command.Options.OfType<Option<bool>>().FirstOrDefault(o => o.Name == "--json") is { } json && parse.GetValue(json);

    private sealed class NoProgress : IProgress<(long Done, long Total)>
    {
        public static readonly NoProgress Instance = new();

        public void Report((long Done, long Total) value)
        {
        }
    }

    // Progress<T> posts to the thread pool; the bar must follow the work synchronously.
    private sealed class InlineProgress(ProgressTask task) : IProgress<(long Done, long Total)>
    {
        public void Report((long Done, long Total) value)
        {
            task.MaxValue = Math.Max(1, value.Total);
            task.Value = Math.Min(value.Done, task.MaxValue);
        }
    }
}
