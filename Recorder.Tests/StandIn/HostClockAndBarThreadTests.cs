using NUnit.Framework;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Tests.StandIn;

/// <summary>
/// TimeUtils is the wall clock and simulated time lives only on a simulated connection's vendor objects
/// (quantower-api.md §3); live bar events come on the symbol's connection thread (§1).
/// </summary>
[TestFixture]
[NonParallelizable] // drives the stand-in platform, whose Core.Instance is one per process
public sealed class HostClockAndBarThreadTests
{
    private static readonly DateTime March = new(2024, 3, 1, 14, 30, 0, DateTimeKind.Utc);

    [SetUp]
    public void CreatePlatform() => StandInPlatform.Reset();

    [TearDown]
    public void ResetPlatform() => StandInPlatform.Reset();

    [Test]
    public void A_backtest_on_simulated_time_leaves_TimeUtils_on_the_wall_clock()
    {
        var backtest = StandInPlatform.CreateBacktester();
        var account = backtest.AddAccount();
        var symbol = backtest.AddSymbol(bid: 100, ask: 100.25, last: 100);
        backtest.SetServerTime(March);
        var before = DateTime.UtcNow;

        var order = backtest.SendOrder(new OrderMessage { OrderId = "1", Account = account, Symbol = symbol, Side = Side.Buy, TotalQuantity = 1, Status = OrderStatus.Opened, LastUpdateTime = March });
        var trade = backtest.Fill(order, 100);
        backtest.SendQuote(symbol, 100, 100.25);
        var now = Core.Instance.TimeUtils.DateTimeUtcNow;

        Assert.That(now, Is.InRange(before, DateTime.UtcNow), "TimeUtils does not follow the backtest");
        Assert.That(backtest.Connection.ServerTime, Is.EqualTo(March));
        Assert.That(trade.DateTime, Is.EqualTo(March));
        Assert.That(order.LastUpdateTime, Is.EqualTo(March));
        Assert.That(symbol.QuoteDateTime, Is.EqualTo(March));
    }

    [Test]
    public void Bar_events_are_raised_on_the_connection_thread_and_the_control_waits_for_them()
    {
        var broker = StandInPlatform.CreateConnection("Feed");
        var symbol = broker.AddSymbol(bid: 100, ask: 100.25, last: 100);
        broker.SetHistory(symbol, Period.MIN1, [StandInHistory.Bar(March, Period.MIN1, 100, 101, 99, 100.5)]);
        var history = symbol.GetHistory(Period.MIN1, March);
        int? connectionThread = null;
        Core.Instance.SymbolAdded += _ => connectionThread = Environment.CurrentManagedThreadId;
        broker.AddSymbol("NQ");
        var threads = new List<(string Event, int Thread)>();
        history.HistoryItemUpdated += (_, _) => threads.Add(("Updated", Environment.CurrentManagedThreadId));
        history.NewHistoryItem += (_, _) => threads.Add(("New", Environment.CurrentManagedThreadId));

        StandInHistory.PushTick(symbol, March.AddSeconds(30), 100.75);
        StandInHistory.PushTick(symbol, March.AddMinutes(1), 101);
        StandInHistory.UpdateCurrentBar(history, bar => bar.Close = 101.25);
        StandInHistory.AppendBar(history, StandInHistory.Bar(March.AddMinutes(2), Period.MIN1, 101, 101, 101, 101));

        Assert.That(connectionThread, Is.Not.Null.And.Not.EqualTo(Environment.CurrentManagedThreadId));
        Assert.That(threads, Is.EqualTo(new[]
        {
            ("Updated", connectionThread!.Value), ("New", connectionThread.Value), ("Updated", connectionThread.Value), ("New", connectionThread.Value),
        }));
    }

    [Test]
    public void A_queued_tick_is_processed_later_on_the_connection_thread_in_order_and_moves_the_server_time()
    {
        var backtest = StandInPlatform.CreateBacktester();
        var symbol = backtest.AddSymbol(bid: 100, ask: 100.25, last: 100);
        backtest.SetServerTime(March);
        var history = symbol.GetHistory(Period.MIN1, March);
        using var gate = new ManualResetEventSlim();
        var seen = new List<(double Close, DateTime ServerTime, int Thread)>();
        // The connection's thread is held inside a message, so the ticks queued behind it cannot run before the gate opens.
        history.HistoryItemUpdated += (_, e) => seen.Add((((HistoryItemBar)e.HistoryItem).Close, backtest.Connection.ServerTime, Environment.CurrentManagedThreadId));
        history.NewHistoryItem += (_, e) => seen.Add((((HistoryItemBar)e.HistoryItem).Close, backtest.Connection.ServerTime, Environment.CurrentManagedThreadId));
        var held = backtest.Connection.Queue.Post(() => gate.Wait());

        backtest.QueueTick(symbol, March.AddSeconds(10), 100.5);
        backtest.QueueTick(symbol, March.AddSeconds(20), 99.75);
        backtest.QueueTick(symbol, March.AddMinutes(1), 101);

        Assert.That(seen, Is.Empty, "QueueTick returns before its tick is processed");
        gate.Set();
        held.Wait();
        backtest.WaitForIdle();

        Assert.That(seen.Select(s => s.Close), Is.EqualTo(new[] { 100.5, 99.75, 101 }));
        Assert.That(seen.Select(s => s.ServerTime), Is.EqualTo(new[] { March.AddSeconds(10), March.AddSeconds(20), March.AddMinutes(1) }));
        Assert.That(seen.Select(s => s.Thread).Distinct().Single(), Is.Not.EqualTo(Environment.CurrentManagedThreadId));
        Assert.That(history[1, SeekOriginHistory.End], Is.TypeOf<HistoryItemBar>().With.Property(nameof(HistoryItemBar.Low)).EqualTo(99.75));
        Assert.That(((HistoryItemBar)history[0]).Open, Is.EqualTo(101), "the tick of the next minute opened a new bar");
        Assert.That(symbol.Last, Is.EqualTo(101));
    }
}
