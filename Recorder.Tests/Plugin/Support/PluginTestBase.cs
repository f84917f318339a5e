using QuantowerRecorder.Plugin.Recording;
using NUnit.Framework;
using QuantowerRecorder.Plugin;
using QuantowerRecorder.Tests.Support;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Tests.Plugin.Support;

/// <summary>
/// A fresh platform per test (Core.Instance is a singleton: these fixtures never run in parallel), a live broker with
/// one account and one symbol, a database file on disk, and a clock the test controls: the runs' stamps and every wait
/// of the recorder (a run's settle time and drain limit, the writer's batch delay) move only when the test moves it.
/// </summary>
[NonParallelizable] // drives the stand-in platform, whose Core.Instance is one per process (inherited by every fixture below it)
public abstract class PluginTestBase
{
    protected static readonly DateTime T0 = new(2026, 3, 2, 14, 30, 0, DateTimeKind.Utc);

    private readonly List<Strategy> strategies = [];

    internal FakeClock Clock { get; private set; } = null!;

    internal TempDatabase Db { get; private set; } = null!;

    protected StandInConnection Broker { get; private set; } = null!;

    protected Account Account { get; private set; } = null!;

    protected Symbol Symbol { get; private set; } = null!;

    protected static Core Core => Core.Instance;

    /// <summary>A run's end in these tests: 50 ms without news, at most 2 s for orders still working (on <see cref="Clock"/>).</summary>
    internal static RunDrain TestDrain { get; } = new(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2));

    [SetUp]
    public void CreatePlatform()
    {
        StandInPlatform.Reset();
        Clock = new FakeClock(T0);
        StandInPlatform.SetClock(Clock);
        Db = new TempDatabase();
        Broker = StandInPlatform.CreateConnection("Live broker");
        Account = Broker.AddAccount("ACC1");
        Symbol = Broker.AddSymbol("ES", tickSize: 0.25, bid: 100, ask: 100.25, last: 100);
    }

    [TearDown]
    public void ResetPlatform()
    {
        try
        {
            if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
            {
                try
                {
                    WriteLogs();
                }
                catch (Exception ex)
                {
                    // The diagnosis never stands in the way of the clean-up below, which later tests rely on.
                    TestContext.Out.WriteLine("the logs could not be written: " + ex.Message);
                }
            }

            foreach (var strategy in strategies)
            {
                strategy.Stop();
                strategy.Dispose();
            }

            // The runs this test left end and close now, on this test's clock, which no later test moves: a close left
            // waiting on it would hold every later test's wait for the closes (they are the process's), and its file would
            // be deleted under it. One that does not finish fails this test, the one that left it.
            WaitForCloses();
        }
        finally
        {
            StandInPlatform.Reset();
            Db.Dispose();
        }
    }

    /// <summary>A "Run Recorder" created in the platform, with its settings applied as the UI would.</summary>
    internal RunRecorderStrategy CreateRecorder(params (string Name, object? Value)[] settings)
    {
        // Runs end once their orders settle; these tests' orders that stay working need not hold a run for 30 s.
        var recorder = StandInStrategies.Create(new RunRecorderStrategy(Clock) { Drain = TestDrain });
        var items = new List<SettingItem> { StandInSettings.Item("Account", Account), StandInSettings.Item("Database file", Db.Path) };
        items.AddRange(settings.Select(s => StandInSettings.Item(s.Name, s.Value)));
        recorder.Settings = items;
        strategies.Add(recorder);
        return recorder;
    }

    internal T Track<T>(T strategy)
        where T : Strategy
    {
        strategies.Add(strategy);
        return strategy;
    }

    protected PlaceOrderRequestParameters Request(Side side, string type = OrderType.Market, double quantity = 1,
        double price = double.NaN, double trigger = double.NaN, Symbol? symbol = null, string? comment = null) =>
        new()
        {
            Account = Account,
            Symbol = symbol ?? Symbol,
            Side = side,
            Quantity = quantity,
            OrderTypeId = type,
            Price = price,
            TriggerPrice = trigger,
            Comment = comment,
        };

    protected Order Place(PlaceOrderRequestParameters request)
    {
        var result = Core.PlaceOrder(request);
        Assert.That(result.Status, Is.EqualTo(TradingOperationResultStatus.Success), result.Message);
        return Placed(result);
    }

    /// <summary>The order a trading call placed, once every connection's thread processed what was queued.</summary>
    protected static Order Placed(TradingOperationResult result, string? connectionId = null)
    {
        Settle();
        return Core.GetOrderById(result.OrderId, connectionId)!;
    }

    /// <summary>Waits for every connection's queue (orders and fills sent through Core arrive on its thread, later).</summary>
    protected static void Settle() => StandInPlatform.WaitForIdle();

    // A run's end closes its handle in the background (the platform's thread never waits): read once that is done.
    protected List<T> Rows<T>(string sql, object? args = null)
    {
        WaitForCloses();
        return QuantowerRecorder.Tests.Support.Db.Query<T>(Db.Path, sql, args);
    }

    protected T Scalar<T>(string sql, object? args = null)
    {
        WaitForCloses();
        return QuantowerRecorder.Tests.Support.Db.Scalar<T>(Db.Path, sql, args);
    }

    /// <summary>
    /// Ends the runs whose end was asked and waits until they are written and closed: once the platform has delivered
    /// everything, the clock moves on in steps of the tests' settle time while a run drains (its drain timer was armed
    /// when the end was asked and moved by each event since; it fires inside the step), so each run ends at the first
    /// step past its settle time — or its limit, with orders still working.
    /// </summary>
    protected void WaitForRunEnds() => WaitForCloses();

    private void WaitForCloses()
    {
        Settle();
        for (var moved = TimeSpan.Zero; BackgroundCloses.Draining > 0 && moved < TimeSpan.FromMinutes(1); moved += TestDrain.Settle)
        {
            Clock.Advance(TestDrain.Settle);
        }

        // What follows a run's end (its analysis, the file's close) runs on the writer, whose waits are on this clock
        // too: a close still under way once the drain is over may be waiting for the writer's next moment (its batch
        // delay, the WAL's upkeep). Time passes for it as it would on a wall clock, a step at a time, while a close is
        // under way — never while none is, so a test that finishes at once moves nothing here.
        for (var moved = TimeSpan.Zero; !BackgroundCloses.WaitAll(TimeSpan.FromMilliseconds(100)) && moved < TimeSpan.FromMinutes(1); moved += TestDrain.Settle)
        {
            Clock.Advance(TestDrain.Settle);
        }

        Assert.That(BackgroundCloses.WaitAll(TimeSpan.FromSeconds(60)), Is.True, "closing the database in the background");
    }

    // A failed test says what its strategies (the recorder's problems and notes among them) and the platform logged, and
    // where its clock and the process's draining runs stood: a failure seen once in a CI log is read there, not rerun.
    private void WriteLogs()
    {
        // A set-up that failed may have left no clock.
        var now = Clock is null ? "not set" : Clock.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        TestContext.Out.WriteLine($"clock {now}; runs draining in the process: {BackgroundCloses.Draining}");
        foreach (var strategy in strategies)
        {
            Write($"strategy '{strategy.Name}' ({strategy.State})", strategy.GetLogs(DateTime.MinValue, DateTime.MaxValue));
        }

        Write("the platform", StandInPlatform.PlatformLog);

        static void Write(string who, IEnumerable<LoggerEvent> entries)
        {
            TestContext.Out.WriteLine(who + " logged:");
            foreach (var entry in entries)
            {
                TestContext.Out.WriteLine($"  {entry.Date:O} {entry.Type} {entry.Event}");
            }
        }
    }

    protected void AssertNoPlatformHandlerErrors() =>
        Assert.That(StandInPlatform.HandlerErrors, Is.Empty, "no recorder handler may throw into the platform");
}
