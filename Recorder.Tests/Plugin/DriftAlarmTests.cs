using Moq;
using NUnit.Framework;
using QuantowerRecorder.Plugin;
using QuantowerRecorder.Plugin.Recording;
using QuantowerRecorder.Tests.Plugin.Support;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Tests.Plugin;

/// <summary>
/// The drift alarm (docs/plugin.md, "The drift alarm"): a live run recorded after a backtest of the same parameter set
/// checks itself as each trade closes. The backtest's 30 trades alternate +4 and −2, so its band after k trades is known
/// from the binomial whatever the seed: after 1 trade −2 to 4, after 2 −4 to 8, after 3 −6 and up, after 4 −8 and up.
/// The live run's trades −5, +10, −20, −1 put it below (trade 1), inside (5 after 2), below (−15 after 3), still below
/// (−16 after 4): two crossings.
/// </summary>
[TestFixture]
public sealed class DriftAlarmTests : PluginTestBase
{
    private static readonly double[] LiveTrades = [-5, 10, -20, -1];

    [Test]
    public void Leaving_the_backtests_band_writes_one_warning_per_crossing_to_the_log_off_the_platforms_thread_and_to_the_journal()
    {
        var log = new Mock<Action<string, StrategyLoggingLevel>>();
        var threads = new List<string?>();
        log.Setup(l => l(It.Is<string>(m => m.Contains("drift alarm", StringComparison.Ordinal)), It.IsAny<StrategyLoggingLevel>()))
            .Callback(() => threads.Add(Thread.CurrentThread.Name));

        var (strategy, runId) = Live(log.Object, driftAlarm: true);
        var start = "Recorder warning: drift alarm: run " + runId[..8];

        Assert.That(Warnings(log).Count, Is.EqualTo(2),
            "below at trade 1 and again at trade 3; staying below at trade 4 says nothing more");
        log.Verify(l => l(It.Is<string>(m => m.StartsWith(start, StringComparison.Ordinal)
            && m.Contains("left its backtest's band at trade 1, below it", StringComparison.Ordinal)
            && m.Contains("Net PnL -5 USD after trade 1 against a band of -2 to 4", StringComparison.Ordinal)
            && m.Contains("'s 30 trades", StringComparison.Ordinal)
            && m.Contains("may still be chance: not enough forward trades (1; needs 10).", StringComparison.Ordinal)), StrategyLoggingLevel.Error), Times.Once);
        log.Verify(l => l(It.Is<string>(m => m.Contains("band at trade 3, below it", StringComparison.Ordinal)
            && m.Contains("Net PnL -15 USD after trade 3", StringComparison.Ordinal)), StrategyLoggingLevel.Error), Times.Once);
        Assert.That(threads, Has.None.StartsWith("Connection "), "the warning is never written on a connection's thread");
        strategy.Stop();

        var notes = Rows<(string Kind, string Body, string Author, string At)>(
            "SELECT kind, body, author, created_utc FROM journal_entries WHERE subject_type = 'RUN' AND subject_id = @runId ORDER BY created_utc, entry_id",
            new { runId });
        Assert.That(notes.Select(n => (n.Kind, n.Author)), Is.EqualTo(new[] { ("NOTE", DriftWatch.Author), ("NOTE", DriftWatch.Author) }));
        Assert.That(notes.Select(n => "Recorder warning: " + n.Body + $" --db \"{Db.Path}\""), Is.EqualTo(Warnings(log)),
            "the journal says what the log said, but for the file it is in");
        var exits = Rows<string>("SELECT exit_utc FROM run_trades WHERE run_id = @runId ORDER BY trade_no", new { runId });
        Assert.That(notes.Select(n => n.At), Is.EqualTo(new[] { exits[0], exits[2] }),
            "each note is stamped when the trade that left the band closed (trades 1 and 3)");
        AssertNoPlatformHandlerErrors();
    }

    [Test]
    public void Checks_folded_together_judge_every_trade_so_the_warnings_are_the_same()
    {
        var log = new Mock<Action<string, StrategyLoggingLevel>>();

        var (strategy, _) = Live(log.Object, driftAlarm: true, waitEachCheck: false);
        strategy.Stop();

        Assert.That(Warnings(log).Select(w => w[w.IndexOf("at trade", StringComparison.Ordinal)..w.IndexOf('.', StringComparison.Ordinal)]),
            Is.EqualTo(new[] { "at trade 1, below it", "at trade 3, below it" }));
    }

    [Test]
    public void The_drift_alarm_switched_off_checks_nothing_and_says_nothing()
    {
        var log = new Mock<Action<string, StrategyLoggingLevel>>();

        var (strategy, runId) = Live(log.Object, driftAlarm: false);
        strategy.Stop();

        log.Verify(l => l(It.Is<string>(m => m.Contains("drift", StringComparison.Ordinal)), It.IsAny<StrategyLoggingLevel>()), Times.Never);
        Assert.That(Scalar<long>("SELECT COUNT(*) FROM journal_entries WHERE subject_id = @runId", new { runId }), Is.Zero);
    }

    [Test]
    public void The_run_recorders_drift_alarm_input_is_on_by_default_and_switches_it_off()
    {
        Backtest((account, _) => CreateRecorder(("Account", account)));
        var on = CreateRecorder();
        Assert.That(on.Settings.Single(s => s.Name == "Drift alarm").Value, Is.EqualTo(true));
        on.Run();
        RoundTrips(Broker, Account, Symbol, [-5], () => { });
        on.Stop();
        var off = CreateRecorder(("Drift alarm", false));
        off.Run();
        RoundTrips(Broker, Account, Symbol, [-5], () => { });
        off.Stop();

        var notes = Rows<string>(
            "SELECT r.run_id FROM strategy_runs r JOIN journal_entries j ON j.subject_id = r.run_id WHERE r.run_type = 'LIVE'");
        var runs = Rows<string>("SELECT run_id FROM strategy_runs WHERE run_type = 'LIVE' ORDER BY start_utc");
        Assert.That(runs, Has.Count.EqualTo(2));
        Assert.That(notes, Is.EqualTo(new[] { runs[0] }), "only the run with the alarm on wrote a note");
        Assert.That(on.GetLogs(DateTime.MinValue, DateTime.MaxValue).Select(l => l.Event), Has.Some.Contains("drift alarm"));
        Assert.That(off.GetLogs(DateTime.MinValue, DateTime.MaxValue).Select(l => l.Event), Has.None.Contains("drift alarm"));
    }

    // The same instance as the live run: the same strategy and inputs on a backtester's account (the account is where a
    // strategy trades, not one of its parameters). Ended, so its trades are analysed and stored.
    private void Backtest(Func<Account, Symbol, Strategy> strategy)
    {
        var backtester = StandInPlatform.CreateBacktester();
        var account = backtester.AddAccount("BT1");
        var symbol = backtester.AddSymbol("ES", tickSize: 0.25, bid: 100, ask: 100.25, last: 100);
        var backtest = strategy(account, symbol);
        backtest.Run();
        RoundTrips(backtester, account, symbol, [.. Enumerable.Range(0, 30).Select(i => i % 2 == 0 ? 4.0 : -2.0)], () => { });
        backtest.Stop();
        WaitForRunEnds();
        Assert.That(Scalar<long>("SELECT COUNT(*) FROM run_trades t JOIN strategy_runs r USING(run_id) WHERE r.run_type = 'BACKTEST'"), Is.EqualTo(30));
    }

    private DriftAuthor Author(Account account, Symbol symbol, Action<string, StrategyLoggingLevel>? log, bool driftAlarm)
    {
        var strategy = Track(StandInStrategies.Create(new DriftAuthor()));
        strategy.Settings = [StandInSettings.Item("Account", account), StandInSettings.Item("Symbol", symbol)];
        strategy.Configure(Db.Path, Clock, log, driftAlarm);
        return strategy;
    }

    private (DriftAuthor Strategy, string RunId) Live(Action<string, StrategyLoggingLevel> log, bool driftAlarm, bool waitEachCheck = true)
    {
        Backtest((account, symbol) => Author(account, symbol, log: null, driftAlarm: true));
        var strategy = Author(Account, Symbol, log, driftAlarm);
        strategy.Run();
        // Each check is waited for, so each trade is judged on its own (checks asked while one runs are folded).
        void Checked() => Assert.That(strategy.Recorder!.DriftChecked.Wait(TimeSpan.FromSeconds(30)), Is.True, "the drift check finished");
        RoundTrips(Broker, Account, Symbol, LiveTrades, waitEachCheck ? Checked : () => { });
        Checked();
        return (strategy, strategy.Recorder!.RunId!);
    }

    // One lot bought at 100 and sold at 100 + each PnL (the symbol's point value is 1), a minute apart.
    private void RoundTrips(StandInConnection connection, Account account, Symbol symbol, IEnumerable<double> pnls, Action afterEach)
    {
        foreach (var pnl in pnls)
        {
            connection.Fill(Place(Order(account, symbol, Side.Buy)), 100);
            Clock.Advance(TimeSpan.FromMinutes(1));
            connection.Fill(Place(Order(account, symbol, Side.Sell)), 100 + pnl);
            Settle();
            afterEach();
            Clock.Advance(TimeSpan.FromMinutes(1));
        }
    }

    private static List<string> Warnings(Mock<Action<string, StrategyLoggingLevel>> log) =>
        [.. log.Invocations.Select(i => i.Arguments[0] as string ?? "").Where(m => m.Contains("drift alarm", StringComparison.Ordinal))];

    private static PlaceOrderRequestParameters Order(Account account, Symbol symbol, Side side) => new()
    {
        Account = account, Symbol = symbol, Side = side, Quantity = 1, OrderTypeId = OrderType.Market,
    };

    /// <summary>An author's strategy with the one line, its log given as the test's sink.</summary>
    private sealed class DriftAuthor : Strategy
    {
        [InputParameter("Account", 1)]
        public Account? Account = null;

        [InputParameter("Symbol", 2)]
        public Symbol? Symbol = null;

        private string path = string.Empty;
        private TimeProvider clock = TimeProvider.System;
        private Action<string, StrategyLoggingLevel>? log;
        private bool driftAlarm;

        public DriftAuthor()
        {
            Name = "Drift author";
        }

        public RunRecorder? Recorder { get; private set; }

        public void Configure(string databasePath, TimeProvider time, Action<string, StrategyLoggingLevel>? sink, bool alarm) =>
            (path, clock, log, driftAlarm) = (databasePath, time, sink, alarm);

        protected override void OnRun() => Recorder = RunRecorder.Start(this, log, new RunRecorderOptions
        {
            DatabasePath = path, Clock = clock, DriftAlarm = driftAlarm,
            EndSettleTime = TestDrain.Settle, EndDrainLimit = TestDrain.Limit,
        });

        protected override void OnStop() => Recorder?.Dispose();
    }
}
