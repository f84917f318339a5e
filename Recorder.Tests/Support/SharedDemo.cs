using System.Collections.Concurrent;
using System.Diagnostics;
using QuantowerRecorder.Tests.Cli;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Tests.Support;

/// <summary>
/// The demo (`recorder demo`: 32 runs through the plugin, some ten seconds of CPU) recorded once per test run for each
/// way the tests run it, made on first use, whichever fixture asks first and however many ask at once, and kept in the
/// run's folder (<see cref="RunFolder"/>) until the run ends. Tests never change a shared recording: they read what it
/// printed and take a copy of what it wrote. Tests of what the demo does to a file that is already there (replace an
/// earlier demo, refuse other runs, stop at a locked file) and tests that need two recordings (a copy has the same run
/// ids) run the command themselves.
/// </summary>
internal static class SharedDemo
{
    private static readonly Lazy<ProgramDemo> ProgramRecording = new(RecordProgram, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly ConcurrentDictionary<(int Columns, bool Terminal), Lazy<InProcessDemo>> InProcessRecordings = new();
    private static readonly object Platform = new();

    /// <summary>
    /// `recorder demo` as a trader first types it: the real program (<c>dotnet recorder.dll demo</c>) in a child process,
    /// from a folder of its own, so into that folder's default ./recorder.db. A child process, because the demo drives
    /// the stand-in platform, whose Core is one per process: this process's stand-in fixtures never meet it, whichever
    /// of them runs beside the fixture that asks first.
    /// </summary>
    public static ProgramDemo Program => ProgramRecording.Value;

    /// <summary>
    /// `recorder demo --db &lt;folder&gt;/demo.db` run in this process (as <see cref="Cli.Cli.Run(string, Func{QuantowerRecorder.Cli.CliEnvironment, QuantowerRecorder.Cli.CliEnvironment}, string[])"/>)
    /// on a terminal <paramref name="columns"/> wide, standard output and error both the terminal when
    /// <paramref name="terminal"/>; once per run for each width, on the stand-in platform (<see cref="OnThePlatform{T}"/>).
    /// </summary>
    public static InProcessDemo InThisProcess(int columns, bool terminal) =>
        InProcessRecordings.GetOrAdd((columns, terminal), key => new Lazy<InProcessDemo>(
            () => OnThePlatform(() => RecordInThisProcess(key.Columns, key.Terminal)), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>
    /// Runs <paramref name="drive"/>, which drives the stand-in platform's one Core.Instance (the demo in this process),
    /// with no other test driving it: its other users are [NonParallelizable] fixtures and tests, which NUnit runs alone,
    /// never beside a parallel test; parallel tests drive it only through here, one at a time.
    /// </summary>
    public static T OnThePlatform<T>(Func<T> drive)
    {
        lock (Platform)
        {
            return drive();
        }
    }

    private static ProgramDemo RecordProgram()
    {
        var folder = Path.Combine(RunFolder.Path, "program-demo");
        Directory.CreateDirectory(folder);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "recorder.dll"), "demo" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("RECORDER_DB");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start recorder.dll for the demo");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A guard against a hang, not a measure: a loaded machine records the demo in a minute or two.
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the demo did not finish within 10 minutes");
        }

        var run = new CliRun(process.ExitCode, stdout.Result, stderr.Result);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("demo failed:\n" + run);
        }

        var demo = new ProgramDemo(folder, run);
        // Copied file by file, the database must be whole in itself: closed cleanly, nothing left in a WAL beside it.
        var path = demo.Database;
        var beside = new[] { path + "-wal", path + "-shm", path + "-journal", path + ".runs" }.Where(p => File.Exists(p) || Directory.Exists(p)).ToList();
        if (!File.Exists(path) || beside.Count > 0)
        {
            throw new InvalidOperationException($"the demo left no {path}, or files beside it, which a copy would lose: " + string.Join(", ", beside));
        }

        return demo;
    }

    private static InProcessDemo RecordInThisProcess(int columns, bool terminal)
    {
        var folder = Path.Combine(RunFolder.Path, $"demo-{columns}-{(terminal ? "terminal" : "pipe")}");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "demo.db");
        var run = Cli.Cli.Run(folder, env => env with { Columns = columns, IsTerminal = terminal, ErrorIsTerminal = terminal }, "demo", "--db", path);
        // What the demo left of the platform, read as it returns, before any other test drives the platform.
        var after = new PlatformAfterDemo(
            [.. Core.Instance.Connections.All.Select(c => c.ToString() ?? "")],
            [.. Core.Instance.Strategies.Created.Select(s => s.ToString() ?? "")],
            Core.Instance.TimeUtils.DateTimeUtcNow,
            DateTime.UtcNow);
        return new InProcessDemo(folder, path, run, after);
    }
}

/// <summary>
/// The demo the real program recorded in <see cref="Folder"/>, its working folder, and what it printed to a pipe. Read
/// it; copy it to change it.
/// </summary>
internal sealed record ProgramDemo(string Folder, CliRun Run)
{
    /// <summary>The file the demo wrote: the default ./recorder.db of the folder it ran in.</summary>
    public string Database => Path.Combine(Folder, "recorder.db");

    /// <summary>
    /// Copies everything the demo left in its folder into <paramref name="folder"/> (which holds none of it yet), as if
    /// the demo had run there, and returns what it printed: its hints name no folder (the default file is found in the
    /// folder they run in); only its first line names the file it recorded into, in the shared folder.
    /// </summary>
    public CliRun CopyTo(string folder)
    {
        foreach (var file in Directory.GetFiles(Folder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(Folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return Run;
    }
}

/// <summary>The demo recorded in this process into <see cref="Database"/>, what it printed, and the platform it left.</summary>
internal sealed record InProcessDemo(string Folder, string Database, CliRun Run, PlatformAfterDemo After)
{
    /// <summary>A copy of the file, to read or change, in a folder of its own.</summary>
    public TempDatabase Copy()
    {
        var copy = new TempDatabase(Path.GetFileName(Database));
        File.Copy(Database, copy.Path);
        return copy;
    }
}

/// <summary>The stand-in platform as the demo left it: its connections and created strategies, its clock and the wall clock then.</summary>
internal sealed record PlatformAfterDemo(IReadOnlyList<string> Connections, IReadOnlyList<string> Strategies, DateTime PlatformUtcNow, DateTime WallClockUtcNow);
