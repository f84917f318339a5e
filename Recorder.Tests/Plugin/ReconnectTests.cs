using NUnit.Framework;
using QuantowerRecorder.Tests.Plugin.Support;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Tests.Plugin;

/// <summary>
/// The documented choice: when the platform stops a strategy because its connection dropped and runs it again when
/// the connection is back, that is one run, not two.
/// </summary>
[TestFixture]
public sealed class ReconnectTests : PluginTestBase
{
    [Test]
    public void A_reconnect_continues_the_same_run_so_a_trade_across_it_stays_whole()
    {
        var recorder = CreateRecorder();
        recorder.Run();
        Broker.Fill(Place(Request(Side.Buy)), 100.25);

        Broker.LoseConnection();
        Assert.That(recorder.State, Is.EqualTo(StrategyState.WaitingForConnection));
        Broker.Connect();
        Assert.That(recorder.State, Is.EqualTo(StrategyState.Working));

        Broker.Fill(Place(Request(Side.Sell)), 101);
        recorder.Stop();

        Assert.That(Rows<string>("SELECT status FROM strategy_runs"), Is.EqualTo(new[] { "COMPLETED" }));
        Assert.That(Rows<string>("SELECT position_impact FROM executions ORDER BY id"), Is.EqualTo(new[] { "OPEN", "CLOSE" }));
        Assert.That(recorder.GetLogs(DateTime.MinValue, DateTime.MaxValue).Select(l => l.Event), Has.Some.Contains("connection lost"));
    }

    [Test]
    public void Stopping_while_waiting_for_the_connection_ends_the_run()
    {
        var recorder = CreateRecorder();
        recorder.Run();
        Broker.LoseConnection();
        Clock.Advance(TimeSpan.FromMinutes(2));

        recorder.Stop();

        // Recorded once its settle time (50 ms here) has passed on the run's clock.
        Assert.That(Rows<(string, string)>("SELECT status, end_utc FROM strategy_runs"),
            Is.EqualTo(new[] { ("COMPLETED", "2026-03-02T14:32:00.0500000Z") }));
    }

    [Test]
    public void A_strategy_using_RunRecorder_also_continues_its_run_after_a_reconnect()
    {
        var strategy = Track(StandInStrategies.Create(new AuthorStrategy { DatabasePath = Db.Path, Clock = Clock, MonitorConnection = true }));
        strategy.Settings = [StandInSettings.Item("Account", Account), StandInSettings.Item("Symbol", Symbol)];
        strategy.Run();
        var runId = strategy.Recorder!.RunId;

        Broker.LoseConnection();
        Broker.Connect();

        Assert.That(strategy.Recorder!.RunId, Is.EqualTo(runId));
        strategy.Stop();
        Assert.That(Rows<(string, string)>("SELECT run_id, status FROM strategy_runs"), Is.EqualTo(new[] { (runId!, "COMPLETED") }));
    }

    [Test]
    public void A_followed_strategy_that_reconnects_keeps_its_run()
    {
        var followed = Track(StandInStrategies.Create(new AuthorStrategy { DatabasePath = Db.Sibling("own.db"), Clock = Clock, MonitorConnection = true }));
        followed.Settings = [StandInSettings.Item("Account", Account), StandInSettings.Item("Symbol", Symbol)];
        var simulator = StandInPlatform.CreateTradingSimulator();
        // The recorder watches from another connection, so only the followed strategy is stopped by the drop.
        var recorder = Track(StandInStrategies.Create(new QuantowerRecorder.Plugin.RunRecorderStrategy(Clock)));
        recorder.Settings = [StandInSettings.Item("Database file", Db.Path), StandInSettings.Item("Strategy to follow", "Breakout")];
        recorder.Run();
        followed.Run();

        Broker.LoseConnection();
        Broker.Connect();
        Assert.That(followed.State, Is.EqualTo(StrategyState.Working));
        followed.Stop();
        recorder.Stop();

        Assert.That(Rows<string>("SELECT status FROM strategy_runs"), Is.EqualTo(new[] { "COMPLETED" }));
        Assert.That(simulator.Connection.State, Is.EqualTo(ConnectionState.Connected));
    }
}
