using NUnit.Framework;
using QuantowerRecorder.Plugin;
using QuantowerRecorder.Plugin.Platform;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Plugin.Support;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Tests.Plugin;

[TestFixture]
public sealed class RunRecorderStrategyTests : PluginTestBase
{
    [Test]
    public void Discovery_reads_name_and_settings_from_a_constructor_without_side_effects()
    {
        var description = StandInStrategies.Discover<RunRecorderStrategy>();

        Assert.That(description.Name, Is.EqualTo("Run Recorder"));
        Assert.That(description.Settings.Select(s => s.Name), Is.SupersetOf(new[]
        {
            "Account", "Symbol", "Comment filter", "Strategy to follow", "Record bars", "Bar period", "Record volume analysis", "Database file",
        }));
        Assert.That((string)description.Settings.GetItemByName("Database file").Value, Does.EndWith(Path.Combine("QuantowerRecorder", "quantower-runs.db")));
        Assert.That(Core.Strategies.Created, Is.Empty);
        Assert.That(StandInPlatform.PlatformLog, Is.Empty);
        Assert.That(Directory.EnumerateFileSystemEntries(Db.Folder), Is.Empty);
    }

    [TestCase(ConnectionType.Backtester, "Emulator", RunSource.Backtest)]
    [TestCase(ConnectionType.HistoryPlayer, "Market Replay", RunSource.Replay)]
    [TestCase(ConnectionType.TradingSimulator, "Trading Simulator", RunSource.Paper)]
    [TestCase(ConnectionType.General, "Emulator", RunSource.Paper)]
    [TestCase(ConnectionType.General, "Rithmic", RunSource.Live)]
    public void Run_type_comes_from_the_connection(ConnectionType type, string vendor, RunSource expected)
    {
        var connection = StandInPlatform.CreateConnection("C-" + type, type, vendor);

        Assert.That(RunTypes.From(connection.Connection), Is.EqualTo(expected));
    }

    [Test]
    public void A_recorder_on_a_simulator_account_records_a_PAPER_run_that_ends_when_it_is_stopped()
    {
        var simulator = StandInPlatform.CreateTradingSimulator();
        var account = simulator.AddAccount("SIM1");
        var recorder = Track(StandInStrategies.Create(new RunRecorderStrategy(Clock)));
        recorder.Settings = [StandInSettings.Item("Account", account), StandInSettings.Item("Database file", Db.Path)];

        recorder.Run();
        Clock.Advance(TimeSpan.FromMinutes(1));
        recorder.Stop();

        var run = Rows<(string Type, string Status, string Start, string End)>("SELECT run_type, status, start_utc, end_utc FROM strategy_runs").Single();
        Assert.That((run.Type, run.Status), Is.EqualTo(("PAPER", "COMPLETED")));
        Assert.That(run.Start, Is.EqualTo("2026-03-02T14:30:00.0000000Z"));
        // Recorded once the default settle time (1 s) has passed on the run's clock after the stop.
        Assert.That(run.End, Is.EqualTo("2026-03-02T14:31:01.0000000Z"));
        Assert.That(Scalar<string>("SELECT name FROM strategies"), Is.EqualTo("Run Recorder"));
    }

    [Test]
    public void Following_a_strategy_records_a_run_each_time_it_works_with_its_parameters_as_the_instance()
    {
        var followed = Track(StandInStrategies.Create(new AuthorStrategy { DatabasePath = Db.Sibling("unused.db"), Clock = Clock }));
        followed.InstanceName = "ES breakout";
        followed.Settings = [StandInSettings.Item("Account", Account), StandInSettings.Item("Symbol", Symbol), StandInSettings.Item("Fast length", 7)];
        var recorder = CreateRecorder(("Strategy to follow", "ES breakout"));
        recorder.Run();
        Assert.That(recorder.CurrentRunId, Is.Null, "nothing to record until the followed strategy works");

        followed.Run();
        Broker.Fill(Place(Request(Side.Buy)), 100.25);
        followed.Stop();
        // A run takes the fills that come right after its strategy stops (its exits); this one comes once it has ended.
        WaitForRunEnds();
        Broker.Fill(Place(Request(Side.Sell)), 101);

        followed.Run();
        followed.Stop();
        recorder.Stop();

        Assert.That(Rows<(string, string)>("SELECT s.name, i.instance_name FROM strategy_instances i JOIN strategies s USING(strategy_id)"),
            Is.EqualTo(new[] { ("Breakout", "ES breakout") }));
        Assert.That(Scalar<string>("SELECT parameters_json FROM strategy_instances"), Does.Contain("\"Fast length\":7"));
        Assert.That(Rows<string>("SELECT status FROM strategy_runs"), Is.EqualTo(new[] { "COMPLETED", "COMPLETED" }));
        Assert.That(Scalar<long>("SELECT COUNT(*) FROM executions"), Is.EqualTo(1), "the fill while the followed strategy was stopped is not part of a run");
    }

    [Test]
    public void Following_a_strategy_that_is_already_working_starts_the_run_at_once()
    {
        var followed = Track(StandInStrategies.Create(new AuthorStrategy { DatabasePath = Db.Sibling("unused.db"), Clock = Clock }));
        followed.Settings = [StandInSettings.Item("Account", Account), StandInSettings.Item("Symbol", Symbol)];
        followed.Run();
        var recorder = CreateRecorder(("Strategy to follow", followed.Id));

        recorder.Run();
        Assert.That(recorder.CurrentRunId, Is.Not.Null);
        recorder.Stop();

        Assert.That(Rows<string>("SELECT status FROM strategy_runs"), Is.EqualTo(new[] { "COMPLETED" }));
    }

    [Test]
    public void An_unknown_strategy_to_follow_is_logged_with_the_ones_that_exist()
    {
        var recorder = CreateRecorder(("Strategy to follow", "nope"));

        recorder.Run();

        Assert.That(recorder.GetLogs(DateTime.MinValue, DateTime.MaxValue).Select(l => l.Event), Has.Some.Contains("no strategy matches 'nope'"));
        Assert.That(recorder.GetMetrics()!.Single(m => m.Name == "Recorder state").FormattedValue, Is.EqualTo("strategy to follow not found"));
    }

    [Test]
    public void Metrics_show_events_recorded_queue_depth_write_lag_quarantined_and_the_database()
    {
        var recorder = CreateRecorder();
        recorder.Run();
        Broker.Fill(Place(Request(Side.Buy)), 100.25);

        var metrics = recorder.GetMetrics()!.ToDictionary(m => m.Name, m => m.FormattedValue);

        Assert.That(metrics.Keys, Is.SupersetOf(new[]
        {
            "Events recorded", "Queue depth", "Write lag (ms)", "Quarantined", "Database", "Recorder state",
            "Queue memory (KiB)", "In spill file (waiting for the file)", "WAL size (KiB)",
        }));
        Assert.That(metrics["In spill file (waiting for the file)"], Is.EqualTo("0"));
        Assert.That(metrics["Database"], Is.EqualTo(Db.Path));
        Assert.That(metrics["Recorder state"], Is.EqualTo("recording"));
        Assert.That(metrics, Does.ContainKey("Run Date/Time"), "the platform's own metrics are kept");
    }
}
