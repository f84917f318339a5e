using System.Diagnostics;
using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>The real `recorder` program, started as a child process (`dotnet recorder.dll …`), as a user runs it.</summary>
[TestFixture]
public sealed class ProcessTests
{
    internal static CliRun Recorder(string folder, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "recorder.dll");
        Assert.That(File.Exists(dll), Is.True, "recorder.dll is copied next to the tests by the project reference");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("RECORDER_DB");
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A guard against a hang, not a measure: the demo beside other fixtures on a loaded machine takes minutes.
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("recorder did not finish within 10 minutes");
        }

        return new CliRun(process.ExitCode, stdout.Result, stderr.Result);
    }

    [Test]
    public void Demo_then_runs_then_show_work_as_a_separate_program()
    {
        using var folder = new TempDatabase();
        // The run's `recorder demo` by the real program (SharedDemo.Program), everything it left in its folder copied here.
        var demo = SharedDemo.Program.CopyTo(folder.Folder);
        Assert.That(demo.ExitCode, Is.EqualTo(0), demo.ToString());
        Assert.That(File.Exists(Path.Combine(folder.Folder, "recorder.db")), Is.True, "the default database is ./recorder.db");
        Assert.That(demo.Out, Does.Contain("Next, try:"));

        var runs = Recorder(folder.Folder, "runs", "--json");
        Assert.That(runs.ExitCode, Is.EqualTo(0), runs.ToString());
        using var json = JsonDocument.Parse(runs.Out);
        Assert.That(json.RootElement.GetArrayLength(), Is.EqualTo(32));

        var show = Recorder(folder.Folder, "show", json.RootElement[5].GetProperty("run_id").GetString()!);
        Assert.That(show.ExitCode, Is.EqualTo(0), show.ToString());
        Assert.That(show.Out, Does.Contain("Net PnL"));
    }

    [Test]
    public void Errors_reach_the_shell_as_exit_codes_and_messages_on_stderr()
    {
        using var folder = new TempDatabase();
        var missing = Recorder(folder.Folder, "runs", "--db", "nothing-here.db");
        Assert.That(missing.ExitCode, Is.EqualTo(3));
        Assert.That(missing.Error, Does.Contain("No such database file"));
        Assert.That(missing.Out, Is.Empty);
    }

    [Test]
    public void Export_to_stdout_pipes_clean_csv()
    {
        using var db = DemoFiles.Create();
        var runId = Db.Scalar<string>(db.Path, "SELECT run_id FROM strategy_runs ORDER BY start_utc LIMIT 1");
        var export = Recorder(db.Folder, "export", runId, "--what", "equity", "--db", db.Path);
        Assert.That(export.ExitCode, Is.EqualTo(0), export.ToString());
        Assert.That(export.Out, Does.StartWith("seq,ts_utc,equity,drawdown,drawdown_pct\r\n1,"));
        Assert.That(export.Error, Is.Empty);
    }
}
