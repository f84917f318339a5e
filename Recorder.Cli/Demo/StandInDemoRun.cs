using System.Globalization;
using QuantowerRecorder.Storage.Records;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.Integration;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Cli.Demo;

/// <summary>
/// One demo run on the stand-in platform: a fresh platform with a backtester (backtest) or trading-simulator (paper)
/// connection, the plan's account and symbol; the sample strategy created with the plan's parameters as its inputs and
/// run; then the script played in time order as the platform would show it:
/// <list type="bullet">
/// <item>each bar as live ticks (open, the two extremes, close) on the symbol, so the recorder's history sees closed
/// and forming bars, with the bar's volume analysis provided to the platform's calculation;</item>
/// <item>the strategy's orders placed and cancelled through the platform (entries carry their bracket as SL/TP
/// holders, so the broker places the stop-loss and take-profit with the position's id and a shared OCO group once the
/// entry is filled);</item>
/// <item>fills (partial ones included) reported by the simulated broker, which also cancels a bracket's other leg.</item>
/// </list>
/// What the platform did is checked against the script as it goes, so the script and the recording cannot drift apart.
/// </summary>
internal sealed class StandInDemoRun
{
    // Where in a bar its ticks fall: the open, the first and second extreme, the close.
    private static readonly double[] TickFractions = [0, 0.25, 2.0 / 3, 59.0 / 60];

    private readonly DemoRunPlan plan;
    private readonly DemoClock clock;
    private readonly StandInConnection broker;
    private readonly Symbol symbol;
    private readonly DemoCrossoverStrategy strategy;
    private readonly Dictionary<string, Order> orders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DemoOrder Stop, DemoOrder Target)> brackets = new(StringComparer.Ordinal);

    private StandInDemoRun(DemoRunPlan plan, DemoClock clock, StandInConnection broker, Symbol symbol, DemoCrossoverStrategy strategy)
    {
        this.plan = plan;
        this.clock = clock;
        this.broker = broker;
        this.symbol = symbol;
        this.strategy = strategy;
        foreach (var leg in plan.Steps.OfType<DemoOrder>().Where(o => o.ParentOrderId is not null && o.Status == "OPENED"))
        {
            var parent = leg.ParentOrderId!;
            var known = brackets.GetValueOrDefault(parent);
            brackets[parent] = leg.Type == "STOP" ? (leg, known.Target) : (known.Stop, leg);
        }
    }

    private static Core Core => Core.Instance;

    /// <summary>Plays the run; <paramref name="stepDone"/> is called once per script step.</summary>
    public static DemoRecordedRun Play(DemoRunPlan plan, string databasePath, Action stepDone)
    {
        StandInPlatform.Reset();
        var clock = new DemoClock(plan.StartUtc);
        StandInPlatform.SetClock(clock);
        var broker = plan.RunType switch
        {
            RunSource.Backtest => StandInPlatform.CreateBacktester(plan.DataSource),
            RunSource.Paper => StandInPlatform.CreateTradingSimulator(plan.DataSource),
            _ => throw new InvalidOperationException("The demo has backtest and paper runs only, not " + plan.RunType),
        };
        broker.SetVolumeAnalysis(VolumeAnalysisAvailability.Available);
        var account = broker.AddAccount(plan.Account, balance: plan.InitialBalance, currency: plan.Currency);
        var first = plan.Steps.OfType<DemoBar>().First();
        var symbol = broker.SendSymbol(new SymbolMessage
        {
            SymbolId = plan.Symbol, Name = plan.Symbol, Description = plan.Symbol + " (synthetic)", SymbolType = plan.Instrument.Type,
            ExchangeId = plan.Exchange, ExchangeName = plan.Exchange, QuotingCurrency = plan.Currency, TickSize = plan.TickSize,
            TickCost = plan.Instrument.TickValue, ExpirationDate = plan.Instrument.ExpirationUtc ?? default,
            Bid = first.Open, Ask = first.Open, Last = first.Open,
        });

        var strategy = StandInStrategies.Create(new DemoCrossoverStrategy { DatabasePath = databasePath, Clock = clock });
        try
        {
            strategy.InstanceName = plan.InstanceName;
            var p = plan.Parameters;
            strategy.Settings =
            [
                StandInSettings.Item("Account", account), StandInSettings.Item("Symbol", symbol), StandInSettings.Item("Period", PeriodOf(plan.BarLength)),
                StandInSettings.Item("Fast period", p.FastPeriod), StandInSettings.Item("Slow period", p.SlowPeriod),
                StandInSettings.Item("Stop loss, %", p.StopLossPercent), StandInSettings.Item("Take profit, %", p.TakeProfitPercent),
                StandInSettings.Item("Quantity", p.Quantity),
            ];
            if (strategy.Parameters != p)
            {
                throw new InvalidOperationException($"The platform applied {strategy.Parameters} to the sample strategy's inputs, not {p}.");
            }

            strategy.Run();
            if (strategy.Recorder?.RunId is not { } runId)
            {
                throw new CliException("The recorder did not start the demo run: " + string.Join(" ", strategy.Problems), ExitCodes.Database);
            }

            // The recorder asks for its bars' volume analysis when the run starts; the calculation runs on the thread
            // pool and is done before the first tick, as in a platform that has loaded the history.
            StandInVolumeAnalysis.WaitForCalculations();
            new StandInDemoRun(plan, clock, broker, symbol, strategy).PlaySteps(stepDone);

            clock.MoveTo(plan.EndUtc);
            var recorder = strategy.Recorder;
            strategy.Stop();
            // The recorder analyses the run (round trips, equity, metrics) on a worker once it has ended.
            recorder.Analysis.Wait();
            return new DemoRecordedRun(runId, plan, strategy.Problems);
        }
        finally
        {
            StandInStrategies.Delete(strategy);
        }
    }

    private static Period PeriodOf(TimeSpan length) =>
        length.TotalHours is >= 1 and var hours && hours == Math.Floor(hours)
            ? new Period(BasePeriod.Hour, (int)hours)
            : new Period(BasePeriod.Minute, (int)length.TotalMinutes);

    private static Side SideOf(TradeSide side) => side == TradeSide.Buy ? Side.Buy : Side.Sell;

    private void PlaySteps(Action stepDone)
    {
        var timeline = new List<(DateTime Time, int Sequence, Action Act)>();
        foreach (var step in plan.Steps)
        {
            if (step is DemoBar bar)
            {
                var ticks = Ticks(bar);
                for (var i = 0; i < ticks.Count; i++)
                {
                    var (time, price, volume) = ticks[i];
                    var opens = i == 0;
                    var closes = i == ticks.Count - 1;
                    timeline.Add((time, timeline.Count, () =>
                    {
                        if (opens)
                        {
                            StandInVolumeAnalysis.Provide(symbol, bar.OpenUtc, VolumeAnalysis(bar));
                        }

                        StandInHistory.PushTick(symbol, time, price, volume);
                        if (closes)
                        {
                            stepDone();
                        }
                    }));
                }
            }
            else
            {
                timeline.Add((step.TimeUtc, timeline.Count, () =>
                {
                    Apply(step);
                    stepDone();
                }));
            }
        }

        foreach (var (time, _, act) in timeline.OrderBy(t => t.Time).ThenBy(t => t.Sequence))
        {
            clock.MoveTo(time);
            act();
        }
    }

    /// <summary>The bar as four trades: the open, the extreme the bar went to first, the other one, the close.</summary>
    private List<(DateTime Time, double Price, double Volume)> Ticks(DemoBar bar)
    {
        var length = bar.TimeUtc - bar.OpenUtc;
        var (firstExtreme, secondExtreme) = bar.Close >= bar.Open ? (bar.Low, bar.High) : (bar.High, bar.Low);
        var part = Math.Round(bar.Volume / 4, 3);
        var prices = new[] { bar.Open, firstExtreme, secondExtreme, bar.Close };
        var ticks = new List<(DateTime, double, double)>(4);
        for (var i = 0; i < prices.Length; i++)
        {
            var volume = i < prices.Length - 1 ? part : Math.Round(bar.Volume - (3 * part), 3);
            ticks.Add((bar.OpenUtc + (length * TickFractions[i]), prices[i], volume));
        }

        return ticks;
    }

    /// <summary>
    /// What the platform's volume analysis finds in the bar: its buy/sell split and trades, and price levels whose
    /// largest is the bar's point of control.
    /// </summary>
    private static VolumeAnalysisData VolumeAnalysis(DemoBar bar)
    {
        var buyTrades = (int)Math.Round(bar.Trades * (bar.BuyVolume / bar.Volume));
        var levels = new Dictionary<double, VolumeAnalysisItem>();
        void Add(double price, double share)
        {
            var level = levels.TryGetValue(price, out var known) ? known : levels[price] = new VolumeAnalysisItem();
            level.Volume = Math.Round(level.Volume + (bar.Volume * share), 3);
        }

        Add(bar.PointOfControl, 0.5);
        Add(bar.Low, 0.15);
        Add(bar.High, 0.15);
        Add(bar.Close, 0.2);
        return new VolumeAnalysisData
        {
            Total = new VolumeAnalysisItem
            {
                Volume = bar.Volume, BuyVolume = bar.BuyVolume, SellVolume = bar.SellVolume, Trades = bar.Trades,
                BuyTrades = buyTrades, SellTrades = bar.Trades - buyTrades,
            },
            PriceLevels = levels,
        };
    }

    private void Apply(DemoStep step)
    {
        switch (step)
        {
            case DemoOrder { Status: "OPENED", ParentOrderId: null } entry:
                orders[entry.OrderId] = brackets.TryGetValue(entry.OrderId, out var bracket)
                    ? strategy.Enter(SideOf(entry.Side), entry.Quantity, entry.Tag ?? string.Empty, bracket.Stop.StopPrice!.Value,
                        bracket.Target.Price!.Value, bracket.Stop.Quantity)
                    : strategy.Exit(SideOf(entry.Side), entry.Quantity, entry.Tag ?? string.Empty);
                break;
            case DemoOrder { Status: "OPENED" } leg:
                // A bracket leg: the broker placed it when its entry was filled.
                var placed = FindLeg(leg);
                orders[leg.OrderId] = placed;
                if (leg.Tag is { } tag)
                {
                    strategy.Tag(placed, tag);
                }

                break;
            case DemoOrder { Status: "CANCELED" } cancel:
                var order = orders[cancel.OrderId];
                if (Core.GetOrderById(order.Id) is not null)
                {
                    strategy.Cancel(order);
                }

                Expect(order, OrderStatus.Cancelled, cancel);
                break;
            case DemoOrder update:
                // A fill's effect on its order: the broker reported it with the fill.
                Expect(orders[update.OrderId], update.Status == "FILLED" ? OrderStatus.Filled : OrderStatus.PartiallyFilled, update);
                break;
            case DemoFill fill:
                broker.Fill(orders[fill.OrderId], fill.Price, fill.Quantity, fill.TimeUtc, fee: fill.Fee);
                break;
            case DemoOcoGroup group:
                // The platform forms the bracket's OCO group (its legs share a GroupId) and the recorder maps it.
                var ids = group.Members.Select(m => orders[m.OrderId].GroupId).Distinct(StringComparer.Ordinal).ToList();
                if (ids.Count != 1 || string.IsNullOrEmpty(ids[0]))
                {
                    throw Mismatch(group, "the bracket's legs do not share one OCO group");
                }

                break;
        }
    }

    private Order FindLeg(DemoOrder leg)
    {
        var type = leg.Type == "STOP" ? OrderType.Stop : OrderType.Limit;
        var side = SideOf(leg.Side);
        var candidates = Core.Orders
            .Where(o => !string.IsNullOrEmpty(o.PositionId) && string.Equals(o.OrderTypeId, type, StringComparison.Ordinal) && o.Side == side
                && Math.Abs((type == OrderType.Stop ? o.TriggerPrice : o.Price) - (leg.StopPrice ?? leg.Price)!.Value) < 1e-9
                && !orders.ContainsValue(o))
            .ToList();
        return candidates.Count == 1 ? candidates[0] : throw Mismatch(leg, $"{candidates.Count} matching bracket orders at the broker");
    }

    private static void Expect(Order order, OrderStatus status, DemoOrder step)
    {
        if (order.Status != status || Math.Abs(order.FilledQuantity - step.FilledQuantity) > 1e-9)
        {
            throw Mismatch(step, $"the platform shows order {order.Id} {order.Status} with {order.FilledQuantity} filled");
        }
    }

    private static InvalidOperationException Mismatch(DemoStep step, string what) =>
        new(string.Create(CultureInfo.InvariantCulture, $"The demo script and the stand-in platform disagree at {step.TimeUtc:O} ({step}): {what}."));
}
