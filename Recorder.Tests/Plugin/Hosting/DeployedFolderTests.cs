using System.Security.Cryptography;
using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Plugin.Hosting;

/// <summary>
/// The deployed plugin folder in a process laid out and loading strategies as Quantower does (from their bytes, with
/// the platform's resolver, no help for native libraries), on a backtester whose time is March 2019 while the PC's
/// clock is today, and no clock given to the recorder: the run is recorded, on the backtest's time, with every fill.
/// Each test has its own installation and database, and plays in its own child process: the fixture runs beside the
/// others.
/// </summary>
[TestFixture]
public sealed class DeployedFolderTests
{
    private static readonly DateTime Start = new(2019, 3, 4, 14, 30, 0, DateTimeKind.Utc);
    // The host's strategy buys every sixth bar and sells three bars later: 37 minutes end with a position open, so its
    // OnStop sends the exit.
    private const int Bars = 37;

    private QuantowerInstall install = null!;
    private string database = null!;

    [SetUp]
    public void Install()
    {
        install = QuantowerInstall.Create();
        database = Path.Combine(install.Root, "runs.db");
    }

    [TearDown]
    public void Uninstall() => install.Dispose();

    [Test]
    public void An_authors_backtest_loaded_from_bytes_is_recorded_with_the_plugins_own_e_sqlite3()
    {
        var (exitCode, output) = install.Play("author", database, Bars);

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("e_sqlite3 loaded from " + install.RecorderFolder), "the native library of the deployed folder");
        Assert.That(output, Does.Contain(", called directly"), "the writer's statements call that library straight, found through the plugin's resolver");
        Assert.That(output, Does.Not.Contain("Recorder problem"), "the strategy's log shows no problem");
        var run = Db.Query<RunRow>(database, "SELECT run_type AS RunType, status AS Status, start_utc AS StartUtc, end_utc AS EndUtc, fingerprint_json AS Fingerprint FROM strategy_runs").Single();
        Assert.That((run.RunType, run.Status), Is.EqualTo(("BACKTEST", "COMPLETED")));
    }

    [Test]
    public void The_fingerprint_hashes_the_strategy_file_found_without_a_path()
    {
        var (exitCode, output) = install.Play("author", database, 10);

        Assert.That(exitCode, Is.Zero, output);
        using var fingerprint = JsonDocument.Parse(Db.Scalar<string>(database, "SELECT fingerprint_json FROM strategy_runs"));
        var expected = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(install.AuthorAssembly))).ToLowerInvariant();
        Assert.That(fingerprint.RootElement.GetProperty("sha256").GetString(), Is.EqualTo(expected), "SHA-256 of the deployed strategy file");
        Assert.That(Guid.TryParse(fingerprint.RootElement.GetProperty("module_version_id").GetString(), out _), Is.True, "the loaded module's id");
    }

    [Test]
    public void Without_its_native_library_the_plugin_says_where_it_looked()
    {
        foreach (var native in new[] { "e_sqlite3.dll", "libe_sqlite3.so", "libe_sqlite3.dylib" })
        {
            File.Delete(Path.Combine(install.RecorderFolder, native));
        }

        var (_, output) = install.Play("author", database, 5);

        Assert.That(output, Does.Contain("nothing is recorded"));
        Assert.That(output, Does.Contain("e_sqlite3 was looked for in: " + install.RecorderFolder), "the log names the folders it searched");
        Assert.That(output, Does.Contain("build.ps1 -Deploy"), "and says how to put the library there");
    }

    [Test]
    public void A_second_recorder_build_in_the_strategies_folder_is_named_in_the_log()
    {
        var old = install.AddOtherRecorderBuild();

        var (exitCode, output) = install.Play("author", database, 5);

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(System.Text.RegularExpressions.Regex.Matches(output, @"entry: .*\|QuantowerRecorder\.Plugin\.RunRecorderStrategy").Count, Is.EqualTo(2),
            "the platform lists a Run Recorder per recorder folder");
        Assert.That(output, Does.Contain("another recorder build is loaded in this process"));
        Assert.That(output, Does.Match(@"0\.0\.9-other-build\S* from " + System.Text.RegularExpressions.Regex.Escape(Path.Combine(old, "Recorder.Plugin.dll"))),
            "it names the other build and its file");
    }

    [Test]
    public void An_authors_backtest_lives_on_the_backtests_time_with_no_clock_injected()
    {
        var (exitCode, output) = install.Play("author", database, Bars);

        Assert.That(exitCode, Is.Zero, output);
        AssertOnSimulatedTime();
    }

    [Test]
    public void Recorder_show_of_a_backtest_recorded_with_no_clock_injected_shows_the_simulated_period()
    {
        var (exitCode, output) = install.Play("author", database, Bars);
        Assert.That(exitCode, Is.Zero, output);
        var runId = Db.Scalar<string>(database, "SELECT run_id FROM strategy_runs");

        var show = Cli.Cli.Run(install.Root, "show", runId[..8], "--db", database);

        TestContext.Out.WriteLine(show.Out);
        Assert.That(show.ExitCode, Is.Zero, show.Error);
        Assert.That(show.Out, Does.Contain("2019-03-04"), "the backtest's day");
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(show.Out, Does.Not.Contain(today), "not the PC's day");
    }

    [Test]
    public void A_followed_backtest_lives_on_the_backtests_time_with_no_clock_injected()
    {
        var (exitCode, output) = install.Play("follow", database, Bars);

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(Db.Scalar<string>(database, "SELECT s.name FROM strategy_runs r JOIN strategy_instances i USING(instance_id) JOIN strategies s USING(strategy_id)"),
            Is.EqualTo("Hosted followed strategy"));
        AssertOnSimulatedTime();
    }

    [Test]
    public void An_authors_exit_sent_in_OnStop_is_recorded_before_the_run_ends()
    {
        var (exitCode, output) = install.Play("author", database, Bars);

        Assert.That(exitCode, Is.Zero, output);
        AssertEveryOrderSettledInTheRun();
    }

    [Test]
    public void A_followed_strategys_exit_sent_in_its_OnStop_is_recorded_before_the_run_ends()
    {
        var (exitCode, output) = install.Play("follow", database, Bars);

        Assert.That(exitCode, Is.Zero, output);
        AssertEveryOrderSettledInTheRun();
    }

    // Every stamp of the run — its start and end, each event's time (bars and decision marks included) and its daily
    // equity — falls in the backtest's simulated period, not on the PC's clock.
    private void AssertOnSimulatedTime()
    {
        var first = Stamp(Start);
        var last = Stamp(Start.AddMinutes(Bars + 1));
        var run = Db.Query<RunRow>(database, "SELECT start_utc AS StartUtc, end_utc AS EndUtc FROM strategy_runs").Single();
        Assert.That(run.StartUtc, Is.InRange(first, Stamp(Start.AddMinutes(1))), "start_utc");
        Assert.That(run.EndUtc, Is.InRange(Stamp(Start.AddMinutes(Bars)), last), "end_utc");
        var outside = Db.Query<string>(database,
            "SELECT event_type || ' ' || event_utc FROM ingest_events WHERE event_utc < @first OR event_utc > @last ORDER BY id", new { first, last });
        Assert.That(outside, Is.Empty, "events stamped outside the backtest's period");
        // Stored bars are logged as stretches (BARS_STORED rows with their count), not bar by bar.
        Assert.That(Db.Scalar<long>(database, """
            SELECT (SELECT COUNT(*) FROM ingest_events WHERE event_type IN ('BAR', 'DECISION'))
                 + (SELECT COALESCE(SUM(json_extract(payload_json, '$.bar_count')), 0) FROM ingest_events WHERE event_type = 'BARS_STORED')
            """), Is.GreaterThan(Bars), "bars and marks were recorded");
        // Every minute traded, once, each with all its trades (four a minute; the last bar, still forming, has the one
        // trade that opened it), whether the recorder subscribed at once (an author's run) or a moment later, in the
        // background, while the backtest played on (the Run Recorder following a strategy).
        var bars = Db.Query<(string TsUtc, double Volume)>(database,
            "SELECT b.ts_utc AS TsUtc, b.volume AS Volume FROM bars b JOIN run_series rs ON rs.series_id = b.series_id ORDER BY b.ts_utc");
        var expected = Enumerable.Range(0, Bars + 1).Select(m => (Stamp(Start.AddMinutes(m)), m < Bars ? 4.0 : 1.0));
        Assert.That(bars, Is.EqualTo(expected), "the run's bars, its own and shared, from its first minute to its last");
        Assert.That(Db.Query<string>(database, "SELECT ts_utc FROM run_equity WHERE ts_utc < @first OR ts_utc > @last", new { first, last }), Is.Empty, "equity outside the period");
    }

    // The exit sent in OnStop (a market order whose fill arrives after OnStop returned) is in the run, filled, and the
    // run's end comes after it.
    private void AssertEveryOrderSettledInTheRun()
    {
        var flatten = Db.Query<string>(database, "SELECT status FROM orders WHERE client_tag = 'flatten at stop'");
        Assert.That(flatten, Is.EqualTo(new[] { "FILLED" }), "the exit sent in OnStop is recorded, filled");
        Assert.That(Db.Scalar<long>(database, "SELECT COUNT(*) FROM orders WHERE status NOT IN ('FILLED', 'CANCELED', 'REFUSED')"), Is.Zero, "no order left working");
        Assert.That(Db.Scalar<double>(database, "SELECT COALESCE(SUM(CASE side WHEN 'BUY' THEN quantity ELSE -quantity END), 0) FROM executions"), Is.Zero, "flat at the end: every fill is in the run");
        Assert.That(Db.Scalar<long>(database, "SELECT COUNT(*) FROM ingest_events e JOIN strategy_runs r USING(run_id) WHERE e.event_type = 'EXECUTION' AND e.event_utc > r.end_utc"), Is.Zero, "no fill after the run's end");
    }

    private static string Stamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private sealed class RunRow
    {
        public string? RunType { get; set; }

        public string? Status { get; set; }

        public string StartUtc { get; set; } = string.Empty;

        public string? EndUtc { get; set; }

        public string? Fingerprint { get; set; }
    }
}
