using System.Diagnostics;
using System.Text;
using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// `recorder watch`: one snapshot to a pipe (text or JSON), and on a pseudo-terminal (util-linux `script`) a view
/// redrawn when events are recorded into the file while it watches, left with q.
/// </summary>
[TestFixture]
public sealed class WatchCommandTests
{
    [Test]
    public void Piped_watch_prints_one_snapshot_of_the_running_run_without_escape_codes_and_exits_0()
    {
        using var db = new TempDatabase();
        var s = Import(db, RunSource.Backtest);

        var run = ProcessTests.Recorder(db.Folder, "watch", "--db", db.Path);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        // Ordinal: a culture's comparison ignores ESC, so Does.Contain would find it in any text.
        Assert.That(run.Out.Contains('\u001b', StringComparison.Ordinal), Is.False, "no escape codes to a pipe:\n" + run.Out);
        Assert.That(run.Out, Does.Contain(s.RunId[..8]));
        Assert.That(run.Out, Does.Contain("RUNNING BACKTEST"));
        Assert.That(run.Out, Does.Contain("Recorded 4 orders, 4 fills, 4 bars; last fill 2026-03-02 14:33:01."));
        Assert.That(run.Out, Does.Contain("2 trades, net PnL -2.00, as of 14:33:01."), "4 points a trade less two fees of 2.5, as of the newest fill");
        Assert.That(run.Out, Does.Contain("Covered 2026-03-02 14:30 → 2026-03-02 14:33 (3 min)."), "a backtest's time covered: its first to its newest bar");
    }

    [Test]
    public void Watch_says_a_paper_runs_events_in_its_last_minute_and_what_the_file_took()
    {
        using var db = new TempDatabase();
        var s = Import(db, RunSource.Paper);

        var run = ProcessTests.Recorder(db.Folder, "watch", "--db", db.Path);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Out, Does.Match(@"The file: [\d.]+ (bytes|KiB|MiB), its WAL [\d.]+ (bytes|KiB|MiB); no event quarantined\."));
        var newest = Db.Scalar<string>(db.Path, "SELECT MAX(event_utc) FROM ingest_events WHERE run_id = @run", new { run = s.RunId });
        var since = QuantowerRecorder.Storage.Timestamps.Format(QuantowerRecorder.Storage.Timestamps.Parse(newest) - TimeSpan.FromMinutes(1));
        var events = Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_events WHERE run_id = @run AND event_utc >= @since", new { run = s.RunId, since });
        Assert.That(events, Is.GreaterThan(0).And.LessThan(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_events")), "precondition: some of its events, not all");
        Assert.That(run.Out, Does.Contain($"{events} event(s) in its last minute, the newest at {newest[..10]} {newest[11..19]}."));
    }

    [Test]
    public void Watch_says_a_paper_runs_drift_from_its_parameter_sets_ended_backtest_as_drift_does()
    {
        using var db = new TempDatabase();
        var (backtest, tested) = Trades(null, 0, 3, RunSource.Backtest);
        tested.Add(backtest.End(at: 600));
        Assert.That(Cli.Run(db.Folder, "import", Write(db, "backtest.jsonl", (backtest, tested)), "--db", db.Path).ExitCode, Is.EqualTo(0));
        var paper = Import(db, RunSource.Paper);

        var run = ProcessTests.Recorder(db.Folder, "watch", paper.RunId, "--db", db.Path);
        var drift = Cli.Run(db.Folder, "drift", paper.RunId, "--json", "--db", db.Path);

        Assert.That((run.ExitCode, drift.ExitCode), Is.EqualTo((0, 0)), run.ToString() + drift);
        var summary = (string)System.Text.Json.Nodes.JsonNode.Parse(drift.Out)!["summary"]!;
        var said = string.Join(' ', run.Out.Split('\n').Select(l => l.Trim()));
        Assert.That(said, Does.Contain($"Drift against backtest {backtest.RunId[..8]}: {summary}"), "the verdict `recorder drift` gives, in the run's block");
    }

    [Test]
    public void Watch_json_is_the_runs_json_record_of_each_run_shown()
    {
        using var db = new TempDatabase();
        var s = Import(db, RunSource.Paper);

        var watch = Cli.Run(db.Folder, "watch", "--json", "--db", db.Path);
        var runs = Cli.Run(db.Folder, "runs", "--json", "--status", "running", "--db", db.Path);

        Assert.That(watch.ExitCode, Is.EqualTo(0), watch.ToString());
        using var json = JsonDocument.Parse(watch.Out);
        var run = json.RootElement.EnumerateArray().Single();
        Assert.That(run.GetProperty("run_id").GetString(), Is.EqualTo(s.RunId));
        Assert.That(run.GetProperty("trade_count").GetDouble(), Is.EqualTo(2));
        Assert.That(watch.Out, Is.EqualTo(runs.Out), "the same records as runs --json");
    }

    [Test]
    public void On_a_terminal_watch_redraws_when_trades_are_recorded_and_leaves_on_q()
    {
        using var db = new TempDatabase();
        var s = Import(db, RunSource.Paper);
        var dll = Path.Combine(AppContext.BaseDirectory, "recorder.dll");
        var start = new ProcessStartInfo("script")
        {
            WorkingDirectory = db.Folder, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false,
        };
        // -e: script exits with the command's exit code; the command runs on the pseudo-terminal script opens.
        foreach (var arg in new[] { "-q", "-e", "-c", $"dotnet '{dll}' watch --db '{db.Path}'", "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TERM"] = "xterm";
        start.Environment["COLUMNS"] = "80";
        start.Environment.Remove("RECORDER_DB");
        using var process = Process.Start(start)!;
        var screen = new Screen(process);
        try
        {
            screen.WaitFor("2 trades, net PnL", TimeSpan.FromSeconds(60));
            Assert.That(screen.Text.Contains("\u001b[", StringComparison.Ordinal), Is.True, "drawn by the live display, on a terminal");

            var more = Cli.Run(db.Folder, "import", Write(db, "part2.jsonl", Trades(s, 2, 2)), "--db", db.Path);
            Assert.That(more.ExitCode, Is.EqualTo(0), more.ToString());
            screen.WaitFor("4 trades, net PnL", TimeSpan.FromSeconds(30));

            process.StandardInput.Write('q');
            process.StandardInput.Flush();
            Assert.That(process.WaitForExit(TimeSpan.FromSeconds(10)), Is.True, "q leaves promptly\n" + screen.Text);
            Assert.That(process.ExitCode, Is.EqualTo(0), screen.Text);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    // Round trips i0 … i0+count-1 of a run, each a bar, a bought entry and a sold exit a minute later; the start first
    // when the scenario is new.
    private static (Scenario S, List<RecorderEvent> Events) Trades(Scenario? s, int i0, int count, RunSource source = RunSource.Paper)
    {
        var events = new List<RecorderEvent>();
        if (s is null)
        {
            s = new Scenario(source: source);
            events.AddRange(s.Start());
        }

        for (var i = i0; i < i0 + count; i++)
        {
            events.AddRange([s.Bar(2 * i, 5000), s.Bar((2 * i) + 1, 5004)]);
            events.Add(s.Order($"E{i}", Side.Buy, 1, "FILLED", at: (120 * i) + 1, filled: 1));
            events.Add(s.Fill($"XE{i}", $"E{i}", Side.Buy, 1, 5000, at: (120 * i) + 1));
            events.Add(s.Order($"C{i}", Side.Sell, 1, "FILLED", at: (120 * i) + 61, filled: 1));
            events.Add(s.Fill($"XC{i}", $"C{i}", Side.Sell, 1, 5004, at: (120 * i) + 61));
        }

        return (s, events);
    }

    // A run of two trades imported without its end: RUNNING, analysed as it stands by the import's close.
    private static Scenario Import(TempDatabase db, RunSource source)
    {
        var (s, events) = Trades(null, 0, 2, source);
        var imported = Cli.Run(db.Folder, "import", Write(db, "part1.jsonl", (s, events)), "--db", db.Path);
        Assert.That(imported.ExitCode, Is.EqualTo(0), imported.ToString());
        return s;
    }

    private static string Write(TempDatabase db, string name, (Scenario S, List<RecorderEvent> Events) part)
    {
        File.WriteAllLines(db.Sibling(name), part.Events.Select(EventLines.Line));
        return name;
    }

    /// <summary>What the terminal was sent, read as it comes; a wait ends when a text appears or its deadline passes.</summary>
    private sealed class Screen
    {
        private readonly StringBuilder text = new();
        private readonly SemaphoreSlim arrived = new(0);

        public Screen(Process process)
        {
            _ = Task.Run(async () =>
            {
                var buffer = new char[4096];
                int read;
                while ((read = await process.StandardOutput.ReadAsync(buffer)) > 0)
                {
                    lock (text)
                    {
                        text.Append(buffer, 0, read);
                    }

                    arrived.Release();
                }

                arrived.Release();
            });
        }

        public string Text
        {
            get
            {
                lock (text)
                {
                    return text.ToString();
                }
            }
        }

        public void WaitFor(string expected, TimeSpan timeout)
        {
            var deadline = Stopwatch.StartNew();
            while (!Text.Contains(expected, StringComparison.Ordinal))
            {
                var left = timeout - deadline.Elapsed;
                if (left <= TimeSpan.Zero || !arrived.Wait(left))
                {
                    Assert.Fail($"'{expected}' not on the screen within {timeout.TotalSeconds} s:\n{Text}");
                }
            }
        }
    }
}
