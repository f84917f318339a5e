using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Plugin;
using QuantowerRecorder.Tests.Plugin.Support;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Tests.Plugin;

[TestFixture]
public sealed class RunRecorderTests : PluginTestBase
{
    private AuthorStrategy CreateAuthorStrategy(Account account, Symbol symbol, int fast = 10)
    {
        var strategy = Track(StandInStrategies.Create(new AuthorStrategy { DatabasePath = Db.Path, Clock = Clock }));
        strategy.Settings = [StandInSettings.Item("Account", account), StandInSettings.Item("Symbol", symbol), StandInSettings.Item("Fast length", fast)];
        return strategy;
    }

    [Test]
    public void One_line_records_parameters_symbol_timeframe_run_type_and_fingerprint()
    {
        var strategy = CreateAuthorStrategy(Account, Symbol, fast: 12);
        strategy.Run();
        Broker.Fill(Place(Request(Side.Buy)), 100.25);
        strategy.Stop();

        var instance = Rows<(string Name, string Parameters, string Symbol, string Timeframe)>(
            "SELECT s.name, i.parameters_json, i.symbol, i.timeframe FROM strategy_instances i JOIN strategies s USING(strategy_id)").Single();
        Assert.That(instance.Name, Is.EqualTo("Breakout"));
        Assert.That(instance.Symbol, Is.EqualTo("ES"));
        Assert.That(instance.Timeframe, Is.EqualTo("5m"));
        using var parameters = JsonDocument.Parse(instance.Parameters);
        Assert.That(parameters.RootElement.GetProperty("Fast length").GetInt32(), Is.EqualTo(12));
        Assert.That(parameters.RootElement.GetProperty("Threshold").GetDouble(), Is.EqualTo(1.5));
        Assert.That(parameters.RootElement.GetProperty("Period").GetString(), Is.EqualTo("5m"));

        var run = Rows<(string Type, string Status, string Fingerprint)>("SELECT run_type, status, fingerprint_json FROM strategy_runs").Single();
        Assert.That((run.Type, run.Status), Is.EqualTo(("LIVE", "COMPLETED")));
        using var fingerprint = JsonDocument.Parse(run.Fingerprint);
        var assembly = typeof(AuthorStrategy).Assembly;
        Assert.That(fingerprint.RootElement.GetProperty("assembly").GetString(), Is.EqualTo(assembly.GetName().Name));
        var fileHash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(assembly.Location))).ToLowerInvariant();
        Assert.That(fingerprint.RootElement.GetProperty("sha256").GetString(), Is.EqualTo(fileHash));
        // Hashed once per loaded assembly: an optimisation's later passes do not read the file again.
        Assert.That(QuantowerRecorder.Plugin.Platform.Fingerprint.KeptHash(assembly), Is.EqualTo(fileHash));
        Assert.That(fingerprint.RootElement.GetProperty("quantower_version").GetString(), Is.EqualTo("1.142.20.0"));
        Assert.That(fingerprint.RootElement.GetProperty("account").GetString(), Is.EqualTo("ACC1"));
        Assert.That(Scalar<long>("SELECT COUNT(*) FROM executions"), Is.EqualTo(1));
    }

    [TestCase("VPS-Frankfurt", "VPS-Frankfurt")]
    [TestCase("  Desk 2  ", "Desk 2")]
    [TestCase(null, null)]
    public void A_run_records_the_terminal_it_was_recorded_on_by_default_the_machine_name(string? configured, string? expected)
    {
        var strategy = CreateAuthorStrategy(Account, Symbol);
        strategy.TerminalName = configured;
        strategy.Run();
        strategy.Stop();

        Assert.That(Scalar<string>("SELECT source_terminal FROM strategy_runs"), Is.EqualTo(expected ?? Environment.MachineName));
        Assert.That(Scalar<string>("SELECT source_terminal FROM v_runs"), Is.EqualTo(expected ?? Environment.MachineName), "v_runs shows it");
    }

    // An end is decided where it can be, looked at once: at once without a settle time (an optimisation's pass), else on
    // the run's timer at the settle moment. A look at once besides, which could only arm the timer again or find the run
    // ended, was one more work item on the thread pool in every end.
    [TestCase(0)]
    [TestCase(50)]
    public void A_quiet_runs_end_is_looked_at_once(int settleMs)
    {
        var strategy = CreateAuthorStrategy(Account, Symbol);
        strategy.EndSettleTime = TimeSpan.FromMilliseconds(settleMs);
        strategy.Run();
        Broker.Fill(Place(Request(Side.Buy)), 100.25);
        Settle();
        strategy.Stop();
        WaitForRunEnds();

        Assert.That(Scalar<string>("SELECT status FROM strategy_runs"), Is.EqualTo("COMPLETED"));
        Assert.That(Scalar<long>("SELECT COUNT(*) FROM executions"), Is.EqualTo(1));
        Assert.That(strategy.Recorder!.EndLooks, Is.EqualTo(1));
    }

    [Test]
    public void A_backtest_and_a_live_run_of_the_same_parameters_are_one_instance_with_two_runs()
    {
        var backtester = StandInPlatform.CreateBacktester();
        var backtestAccount = backtester.AddAccount("Backtest account");
        var backtestSymbol = backtester.AddSymbol("ES", tickSize: 0.25, bid: 100, ask: 100.25, last: 100);

        var backtest = CreateAuthorStrategy(backtestAccount, backtestSymbol);
        backtest.Run();
        backtester.Fill(Placed(Core.PlaceOrder(new PlaceOrderRequestParameters { Account = backtestAccount, Symbol = backtestSymbol, Side = Side.Buy, Quantity = 1, OrderTypeId = OrderType.Market }), backtester.Id), 100);
        backtest.Stop();

        var live = CreateAuthorStrategy(Account, Symbol);
        live.Run();
        live.Stop();

        Assert.That(Scalar<long>("SELECT COUNT(*) FROM strategy_instances"), Is.EqualTo(1));
        Assert.That(Rows<string>("SELECT run_type FROM strategy_runs ORDER BY run_type"), Is.EqualTo(new[] { "BACKTEST", "LIVE" }), "one run of each type");
        Assert.That(Rows<string>("SELECT DISTINCT account_id FROM executions"), Is.EqualTo(new[] { "Backtest account" }));

        var other = CreateAuthorStrategy(Account, Symbol, fast: 20);
        other.Run();
        other.Stop();
        Assert.That(Scalar<long>("SELECT COUNT(*) FROM strategy_instances"), Is.EqualTo(2), "another parameter set is another instance");
    }

    [Test]
    public void Explicit_calls_tag_orders_declare_OCO_roles_and_report_progress()
    {
        var strategy = CreateAuthorStrategy(Account, Symbol);
        strategy.Run();
        var recorder = strategy.Recorder!;
        var entry = Place(Request(Side.Buy, OrderType.Limit, price: 99));
        var hedge = Place(Request(Side.Sell, OrderType.Stop, trigger: 95));
        recorder.TagOrder(entry.Id, "opening-range-long");
        recorder.DeclareOcoGroup("Setup 1", new OcoMember(entry.Id, OcoRoles.Entry), new OcoMember(hedge.Id, OcoRoles.Hedge));
        recorder.ReportProgress(250, 1000);
        strategy.Stop();

        Assert.That(Scalar<string>("SELECT client_tag FROM orders WHERE order_id = @id", new { id = entry.Id }), Is.EqualTo("opening-range-long"));
        Assert.That(Rows<(string, string)>("SELECT order_id, oco_role FROM order_oco_links"),
            Is.EquivalentTo(new[] { (entry.Id, "ENTRY"), (hedge.Id, "HEDGE") }));
        Assert.That(Scalar<string>("SELECT label FROM order_oco_groups"), Is.EqualTo("Setup 1"));
        Assert.That(Rows<(long, long)>("SELECT processed_count, total_count FROM strategy_runs"), Is.EqualTo(new[] { (250L, 1000L) }));
    }

    [Test]
    public void As_a_using_scope_each_optimisation_pass_is_its_own_run()
    {
        var strategy = CreateAuthorStrategy(Account, Symbol);
        for (var pass = 0; pass < 3; pass++)
        {
            using var recorder = RunRecorder.Start(strategy, null, new RunRecorderOptions { DatabasePath = Db.Path });
            recorder.ReportProgress(pass + 1, 3);
            Assert.That(recorder.IsRecording, Is.True);
        }

        Assert.That(Rows<string>("SELECT status FROM strategy_runs"), Is.EqualTo(new[] { "COMPLETED", "COMPLETED", "COMPLETED" }));
    }

    [Test]
    public void Parameters_are_stored_the_same_whatever_the_culture_of_the_traders_PC()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("it-IT");
            var strategy = CreateAuthorStrategy(Account, Symbol);
            strategy.Settings = [StandInSettings.Item("Threshold", 2.75)];
            strategy.Run();
            strategy.Stop();
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        Assert.That(Scalar<string>("SELECT parameters_json FROM strategy_instances"), Does.Contain("\"Threshold\":2.75"));
    }

    [Test]
    public void A_database_that_cannot_be_opened_is_logged_and_shown_in_the_metrics_without_throwing()
    {
        File.WriteAllText(Db.Sibling("not-a-folder"), "x");
        var strategy = Track(StandInStrategies.Create(new AuthorStrategy { DatabasePath = Path.Combine(Db.Sibling("not-a-folder"), "runs.db"), Clock = Clock }));
        strategy.Settings = [StandInSettings.Item("Account", Account), StandInSettings.Item("Symbol", Symbol)];

        Assert.That(() => strategy.Run(), Throws.Nothing);
        Broker.Fill(Place(Request(Side.Buy)), 100);

        Assert.That(strategy.Recorder!.IsRecording, Is.False);
        Assert.That(strategy.Logs.Select(l => l.Event), Has.Some.Contains("cannot open the database"));
        var metrics = new List<StrategyMetric>();
        strategy.Recorder.AddMetrics(metrics);
        Assert.That(metrics.Single(m => m.Name == "Recorder state").FormattedValue, Is.EqualTo("not recording"));
        AssertNoPlatformHandlerErrors();
    }
}
