using System.Globalization;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.StandIn;

namespace Quantower.StandIn.Host;

/// <summary>
/// A backtest on the stand-in's backtester connection, months before the wall clock: the vendor's time (server time,
/// quotes, bars, order and trade times) is simulated, while TimeUtils stays the PC's clock, as in Quantower. No clock
/// is given to any recorder.
/// </summary>
internal sealed class HostedBacktest
{
    public static readonly DateTime StartUtc = new(2019, 3, 4, 14, 30, 0, DateTimeKind.Utc);

    private readonly StandInScriptEntry[] entries;
    private readonly string databaseFile;
    private readonly StandInConnection broker;
    private readonly Account account;
    private readonly Symbol symbol;

    public HostedBacktest(StandInScriptEntry[] entries, string databaseFile)
    {
        this.entries = entries;
        this.databaseFile = databaseFile;
        this.broker = StandInPlatform.CreateBacktester();
        this.broker.SetServerTime(StartUtc);
        this.account = this.broker.AddAccount("BT-ACC", currency: "USD");
        this.symbol = this.broker.AddSymbol("ES", tickSize: 0.25, bid: 2800, ask: 2800.25, last: 2800, tickCost: 12.5);
        this.broker.SendQuote(this.symbol, 2800, 2800.25, 2800, StartUtc);
        this.broker.AutoFillMarketOrders = true;
    }

    /// <summary>
    /// An author's strategy that records itself; true once its recorder has closed the file. <paramref name="beforeStop"/>
    /// runs while the run is open, after its trades.
    /// </summary>
    public bool PlayAuthor(int bars, Action? beforeStop = null)
    {
        var strategy = this.Create("HostedAuthorStrategy", "Author run");
        strategy.Run();
        this.Trade(bars);
        beforeStop?.Invoke();
        strategy.Stop();
        var closed = (Task)strategy.GetType().GetProperty("WhenClosed")!.GetValue(strategy)!;
        var done = closed.Wait(TimeSpan.FromSeconds(60));
        StandInStrategies.Delete(strategy);
        return done;
    }

    /// <summary>The Run Recorder following a strategy that knows nothing of it; the recorder is deleted at the end.</summary>
    public bool PlayFollowed(int bars)
    {
        var followed = this.Create("HostedFollowedStrategy", "Followed run");
        var recorder = this.Create("RunRecorderStrategy", "Recorder",
            ("Strategy to follow", "Followed run"), ("Record bars", true), ("Bar period", Period.MIN1));
        recorder.Run();
        followed.Run();
        this.Trade(bars);
        followed.Stop();
        // The platform goes on after a strategy is stopped: what its OnStop sent (an exit order, then its fill) reaches
        // the recorder before the strategies are removed and this process ends, which would cut the run's drain short.
        StandInPlatform.WaitForIdle(TimeSpan.FromSeconds(60));
        StandInStrategies.Delete(followed);
        StandInStrategies.Delete(recorder);
        return true;
    }

    private Strategy Create(string typeName, string instanceName, params (string Name, object Value)[] extra)
    {
        var entry = this.entries.Single(e => e.Type.Name == typeName);
        var strategy = StandInStrategies.Create((Strategy)Activator.CreateInstance(entry.Type)!);
        strategy.InstanceName = instanceName;
        strategy.NewLog += (s, e) => Console.WriteLine($"[{s.InstanceName}] {e.LoggerEvent?.Event}");
        var items = new List<SettingItem>
        {
            StandInSettings.Item("Account", this.account),
            StandInSettings.Item("Symbol", this.symbol),
            StandInSettings.Item("Database file", this.databaseFile),
        };
        items.AddRange(extra.Select(x => StandInSettings.Item(x.Name, x.Value)));
        strategy.Settings = items;
        return strategy;
    }

    // Four trades a minute on a gentle zig-zag, each quoted and printed at its simulated time; one trade past the last
    // minute closes the last bar.
    private void Trade(int bars)
    {
        for (var i = 0; i <= bars * 4; i++)
        {
            var time = StartUtc.AddSeconds(15 * i);
            var price = 2800 + (0.25 * (i % 16 < 8 ? i % 8 : 8 - (i % 8)));
            this.broker.SetServerTime(time);
            this.broker.SendQuote(this.symbol, price, price + 0.25, price, time);
            StandInHistory.PushTick(this.symbol, time, price, 1);
        }

        Console.WriteLine("traded until " + StartUtc.AddSeconds(15 * bars * 4).ToString("O", CultureInfo.InvariantCulture));
    }
}
