using System.Diagnostics;
using System.Text.RegularExpressions;
using NUnit.Framework;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Server;

/// <summary>`recorder serve` as a user runs it: a separate program that starts fast, answers, and stops cleanly on a signal.</summary>
[TestFixture]
[Platform(Exclude = "Win", Reason = "sends SIGINT/SIGTERM with kill(1); Windows has no such signal to send to another console program")]
public sealed partial class ServeProcessTests
{
    [Test]
    public async Task Serve_reads_the_file_as_soon_as_it_says_it_started_and_the_time_it_says_is_true()
    {
        using var db = DemoFiles.Create();
        var watch = Stopwatch.StartNew();
        var (started, page, startedMs, _) = await StartServe(db, ingest: false);
        var seenMs = watch.ElapsedMilliseconds;
        using var process = started;
        try
        {
            TestContext.Out.WriteLine($"serve started in {startedMs} ms");
            // Asked once, without a retry: the line is printed only when Kestrel listens.
            using var http = new HttpClient();
            var runs = await http.GetStringAsync(new Uri(page, "/api/runs/"));
            Assert.That(runs, Does.Contain(Db.Scalar<string>(db.Path, "SELECT run_id FROM strategy_runs ORDER BY run_id LIMIT 1")));
            Assert.That(startedMs, Is.GreaterThan(0).And.LessThanOrEqualTo(seenMs), "within the time the test waited for the line");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<(Process Process, Uri Page, long StartedMs, List<string> Output)> StartServe(TempDatabase db, bool ingest)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "recorder.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = db.Folder };
        foreach (var argument in new[] { dll, "serve", "--db", db.Path, "--port", "0" }.Concat(ingest ? ["--ingest"] : Array.Empty<string>()))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var output = new List<string>();
        Uri? page = null;
        long? startedMs = null;
        while (startedMs is null && await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line)
        {
            output.Add(line);
            var address = PageLine().Match(line);
            page = address.Success ? new Uri(address.Groups[1].Value) : page;
            var started = StartedLine().Match(line);
            startedMs = started.Success ? long.Parse(started.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
        }

        Assert.That(page, Is.Not.Null, string.Join("\n", output));
        Assert.That(startedMs, Is.Not.Null, string.Join("\n", output));
        return (process, page!, startedMs!.Value, output);
    }

    [TestCase("INT", false)]
    [TestCase("TERM", true)]
    public async Task Serve_answers_on_loopback_and_stops_cleanly_on_a_signal(string signal, bool ingest)
    {
        // A program started with SIGINT ignored (a background job of a script, `cmd &` without job control) hands that
        // to its children, and .NET then leaves SIGINT ignored, as a Unix program must: serve could not be stopped by it.
        Assert.That(signal == "INT" && SigIntIgnored(), Is.False,
            "SIGINT is ignored by this test run (started in the background without job control?), so the server it starts " +
            "inherits that: run the tests in the foreground, or from a shell with job control (set -m)");
        using var db = DemoFiles.Create();
        var (started, page, startedMs, output) = await StartServe(db, ingest);
        using var process = started;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            Assert.That(page.Host, Is.EqualTo("127.0.0.1"), "loopback only by default");
            TestContext.Out.WriteLine($"serve started in {startedMs} ms ({signal})");
            Assert.That(output.Any(l => l.Contains("ingest token", StringComparison.Ordinal)), Is.EqualTo(ingest));

            using (var http = new HttpClient())
            {
                Assert.That((await http.GetAsync(new Uri(page, "/api/health"))).IsSuccessStatusCode, Is.True);
            }

            using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            // A guard against a hang, not a measure of speed: the server's own budgets are 5 s to stop Kestrel and
            // 30 s to close the session, and a machine under heavy load stretches both.
            var rest = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(120));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
            Assert.That(process.ExitCode, Is.EqualTo(0), rest + await stderr);
            Assert.That(rest, Does.Contain("Stopped."));
            Assert.That(await stderr, Does.Contain("GET /api/health 200"), "one log line per request");
            Assert.That(File.Exists(db.Path + ".token"), Is.False, "the token goes with the server");
        }
        finally
        {
            // A failed assertion must not leave a server running.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    // Bit 1 (signal 2, SIGINT) of the process's ignored-signal mask (proc(5): SigIgn, hexadecimal).
    private static bool SigIntIgnored() =>
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal)) is { } line
        && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0b10) != 0;

    [GeneratedRegex(@"page: (http://\S+)")]
    private static partial Regex PageLine();

    [GeneratedRegex(@"Started in (\d+) ms")]
    private static partial Regex StartedLine();
}
