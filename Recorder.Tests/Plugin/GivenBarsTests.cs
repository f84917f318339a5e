using NUnit.Framework;
using QuantowerRecorder.Plugin;
using QuantowerRecorder.Tests.Plugin.Support;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Tests.Plugin;

/// <summary>
/// An author who already has the symbol's bars gives them to the recorder (RunRecorderOptions.Bars): they are recorded as
/// the recorder's own request records them, the platform keeps one history instead of two, and the history stays the
/// strategy's — the recorder leaves it, it does not dispose it.
/// </summary>
[TestFixture]
public sealed class GivenBarsTests : PluginTestBase
{
    [TestCase(true, TestName = "Given_bars_are_recorded_on_the_strategys_own_history_alone_which_stays_live_after_the_recorder_left")]
    [TestCase(false, TestName = "Requested_bars_are_the_same_rows_on_a_second_history_of_the_recorders")]
    public void Bars_of_a_run(bool give)
    {
        StandInHistory.PushTick(Symbol, T0, 100);
        var strategy = Track(StandInStrategies.Create(new HistoryAuthor { DatabasePath = Db.Path, Clock = Clock, GiveBars = give }));
        strategy.Settings = [StandInSettings.Item("Account", Account), StandInSettings.Item("Symbol", Symbol)];
        strategy.Run();
        Assert.That(strategy.Problems, Is.Empty);

        foreach (var (second, price) in new[] { (10, 101.0), (20, 99.5), (50, 100.5), (65, 100.75), (70, 101.25) })
        {
            StandInHistory.PushTick(Symbol, T0.AddSeconds(second), price);
        }

        var histories = Symbol.LiveHistory;
        strategy.Stop();

        Assert.That(Rows<(string, double, double, double, double, double)>("SELECT ts_utc, open, high, low, close, volume FROM bars ORDER BY ts_utc"),
            Is.EqualTo(new[]
            {
                ("2026-03-02T14:30:00.0000000Z", 100.0, 101.0, 99.5, 100.5, 4.0),
                ("2026-03-02T14:31:00.0000000Z", 100.75, 101.25, 100.75, 101.25, 2.0),
            }));
        Assert.That(Scalar<string>("SELECT timeframe FROM run_series"), Is.EqualTo("1m"));
        // The strategy has no Period input: given, the bars' period is the run's timeframe; requested, the option names it.
        Assert.That(Scalar<string?>("SELECT timeframe FROM strategy_instances"), Is.EqualTo("1m"));
        if (give)
        {
            Assert.That(histories, Is.EqualTo(new[] { strategy.History }), "the platform kept the strategy's history alone");
            // The run has ended and its recorder let go: the history is still the strategy's, live.
            var count = strategy.History!.Count;
            StandInHistory.PushTick(Symbol, T0.AddSeconds(130), 102);
            Assert.That(strategy.History.Count, Is.EqualTo(count + 1), "a new bar still comes to the strategy's history");
            Assert.That(Symbol.LiveHistory, Is.EqualTo(new[] { strategy.History }));
        }
        else
        {
            Assert.That(histories, Has.Length.EqualTo(2), "the strategy's and the recorder's own");
            Assert.That(Symbol.LiveHistory, Is.EqualTo(new[] { strategy.History }), "the recorder disposed its own as the run ended");
        }

        strategy.History!.Dispose();
        AssertNoPlatformHandlerErrors();
    }

    [Test]
    public void After_a_lost_connection_the_run_follows_the_history_the_strategy_requested_again()
    {
        StandInHistory.PushTick(Symbol, T0, 100);
        var strategy = Track(StandInStrategies.Create(new HistoryAuthor { DatabasePath = Db.Path, Clock = Clock, GiveBars = true, MonitorConnection = true }));
        strategy.Settings = [StandInSettings.Item("Account", Account), StandInSettings.Item("Symbol", Symbol)];
        strategy.Run();
        var (runId, first) = (strategy.RunId, strategy.History);
        StandInHistory.PushTick(Symbol, T0.AddSeconds(10), 101);

        // OnStop disposes the recorder (the run is held) and the history; OnRun requests another and starts again.
        Broker.LoseConnection();
        Broker.Connect();
        Assert.That(strategy.RunId, Is.EqualTo(runId), "one run across the drop");
        Assert.That(strategy.History, Is.Not.SameAs(first));
        StandInHistory.PushTick(Symbol, T0.AddSeconds(70), 102);
        StandInHistory.PushTick(Symbol, T0.AddSeconds(130), 103);
        strategy.Stop();

        Assert.That(Rows<(string, double, double)>("SELECT ts_utc, open, close FROM bars ORDER BY ts_utc"), Is.EqualTo(new[]
        {
            ("2026-03-02T14:30:00.0000000Z", 100.0, 101.0),
            ("2026-03-02T14:31:00.0000000Z", 102.0, 102.0),
            ("2026-03-02T14:32:00.0000000Z", 103.0, 103.0),
        }), "the bars after the drop come from the new history");
        Assert.That(Scalar<long>("SELECT COUNT(*) FROM strategy_runs"), Is.EqualTo(1));
        strategy.History!.Dispose();
        AssertNoPlatformHandlerErrors();
    }

    /// <summary>An author's strategy with a history of its own, given to the recorder or not.</summary>
    private sealed class HistoryAuthor : Strategy
    {
        [InputParameter("Account", 1)]
        public Account? Account = null;

        [InputParameter("Symbol", 2)]
        public Symbol? Symbol = null;

        private readonly List<string> problems = [];

        public HistoryAuthor()
        {
            Name = "History author";
        }

        public string DatabasePath { get; init; } = string.Empty;

        public TimeProvider Clock { get; init; } = TimeProvider.System;

        public bool GiveBars { get; init; }

        /// <summary>The strategy is stopped by a lost connection and run again when it is back (and its run held between).</summary>
        public bool MonitorConnection { get; init; }

        public override string[] MonitoringConnectionsIds =>
            MonitorConnection && Account?.ConnectionId is { } id ? [id] : [];

        public string? RunId => Recorder?.RunId;

        public HistoricalData? History { get; private set; }

        public IReadOnlyList<string> Problems
        {
            get
            {
                lock (problems)
                {
                    return [.. problems];
                }
            }
        }

        private RunRecorder? Recorder { get; set; }

        protected override void OnRun()
        {
            History = Symbol!.GetHistory(Period.MIN1, Symbol.QuoteDateTime.AddMinutes(-1));
            Recorder = RunRecorder.Start(this, (message, level) =>
            {
                if (level == StrategyLoggingLevel.Error)
                {
                    lock (problems)
                    {
                        problems.Add(message);
                    }
                }
            }, new RunRecorderOptions
            {
                DatabasePath = DatabasePath, Clock = Clock, Period = GiveBars ? null : Period.MIN1,
                EndSettleTime = TestDrain.Settle, EndDrainLimit = TestDrain.Limit,
                RecordBars = !GiveBars, Bars = GiveBars ? History : null,
            });
        }

        protected override void OnStop()
        {
            Recorder?.Dispose();
            if (MonitorConnection)
            {
                // As an author writes it: the history goes with the strategy's stop, and OnRun requests another.
                History?.Dispose();
            }
        }
    }
}
