using QuantowerRecorder.Cli.Analysis;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli;

/// <summary>
/// Everything a command may touch outside its arguments: streams, clock, the current folder, how runs are analysed and
/// how the demo is recorded. Tests build one with captured writers.
/// </summary>
internal sealed record CliEnvironment
{
    private IRunAnalysisService? analysis;

    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public TextReader In { get; init; } = TextReader.Null;

    /// <summary>A person at a keyboard can answer a confirmation; otherwise commands never prompt.</summary>
    public bool CanPrompt { get; init; }

    /// <summary>Standard output is a terminal: colours, live progress bars, tables fitted to its width.</summary>
    public bool IsTerminal { get; init; }

    /// <summary>
    /// Standard error is a terminal: warnings and errors in colour. Apart from standard output, since either may be
    /// redirected alone (`recorder import … 2> reasons.txt`).
    /// </summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>
    /// The COLUMNS environment variable, when set to a positive number: the width tables fit, on a terminal or not
    /// (a terminal's own width otherwise; no limit for a pipe). Lets scripts and tests choose the layout.
    /// </summary>
    public int? Columns { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Commands printed for the user to type are continued as PowerShell continues a line (`) rather than as bash does (\).</summary>
    public bool WindowsShell { get; init; } = OperatingSystem.IsWindows();

    /// <summary>The PATH environment variable: whether `recorder` is installed decides how the demo's hints read.</summary>
    public string? SearchPath { get; init; }

    /// <summary>The folder the running recorder was loaded from: inside a clone, the clone's install lines can be given.</summary>
    public string ProgramFolder { get; init; } = AppContext.BaseDirectory;

    /// <summary>How long a writing command waits for another program's lock before saying the file is locked.</summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.FromSeconds(5);

    public string CurrentDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>The RECORDER_DB environment variable, when set: the default for --db.</summary>
    public string? DatabaseVariable { get; init; }

    /// <summary>The RECORDER_TEAM_DB environment variable: the team database `push` writes to when --to is not given.</summary>
    public string? TeamDatabaseVariable { get; init; }

    /// <summary>
    /// How a file is opened for reading: Storage's read API (<see cref="RecorderStore.OpenRead(string)"/>). Tests watch
    /// the session a command reads through (how many read transactions it began).
    /// </summary>
    public Func<string, IRecorderReader> OpenFile { get; init; } = RecorderStore.OpenRead;

    /// <summary>The file the Quantower plugin writes by default: opened when no other database is named or found here.</summary>
    public string PluginDatabase { get; init; } = QuantowerRecorder.Storage.DefaultDatabase.Path;

    /// <summary>How `analyze` and `demo` compute analytics; by default Recorder.Storage's, on this environment's clock.</summary>
    public IRunAnalysisService Analysis
    {
        get => analysis ??= new StoredRunAnalysis(Time);
        init => analysis = value;
    }

    public static CliEnvironment ForProcess() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        In = Console.In,
        CanPrompt = !Console.IsInputRedirected && !Console.IsOutputRedirected,
        IsTerminal = !Console.IsOutputRedirected,
        ErrorIsTerminal = !Console.IsErrorRedirected,
        DatabaseVariable = Environment.GetEnvironmentVariable("RECORDER_DB"),
        TeamDatabaseVariable = Environment.GetEnvironmentVariable("RECORDER_TEAM_DB"),
        Columns = ParseColumns(Environment.GetEnvironmentVariable("COLUMNS")),
        SearchPath = Environment.GetEnvironmentVariable("PATH"),
    };

    public static int? ParseColumns(string? text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
}
