using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.Integration;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Demo;

/// <summary>
/// One demo run on the stand-in platform: a fresh platform with a backtester or trading-simulator connection, the
/// account and the symbol; the sample strategy created with the plan's parameters as its inputs and run; then the bars
/// traded on the simulated clock, each as four trades with its volume analysis, the exchange filling what each trade
/// reaches. A backtest closes its position after the last bar; then the strategy is stopped. The simulated time is the
/// connection's vendor time (its server time, quote, trade, order and bar times); the platform's TimeUtils stays the
/// wall clock, as in Quantower, and the demo injects its clock into the recorder (RunRecorderOptions.Clock). The
/// strategy's orders arrive on the connection's thread after its calls, so the demo waits for the connection to be
/// idle before the market trades again.
/// </summary>
internal static class DemoRun
{
    public const string EndOfTestTag = "end-of-test exit";
    private const string Account = "DEMO-SIM";

    /// <summary>Plays the run; <paramref name="barDone"/> is called once per bar.</summary>
    public static DemoRecordedRun Play(DemoRunPlan plan, string databasePath, Action barDone)
    {
        StandInPlatform.Reset();
        var clock = new DemoClock(plan.StartUtc);
        var broker = plan.IsBacktest ? StandInPlatform.CreateBacktester(plan.DataSource) : StandInPlatform.CreateTradingSimulator(plan.DataSource);
        broker.SetServerTime(plan.StartUtc);
        clock.Moved = time => broker.SetServerTime(time);
        broker.SetVolumeAnalysis(VolumeAnalysisAvailability.Available);
        var i = plan.Instrument;
        var account = broker.AddAccount(Account, balance: i.AccountBalance, currency: i.Currency);
        var first = plan.Bars[0];
        var symbol = broker.SendSymbol(new SymbolMessage
        {
            SymbolId = i.Symbol, Name = i.Symbol, Description = i.Symbol + " (synthetic)", SymbolType = i.Type,
            ExchangeId = i.Exchange, ExchangeName = i.Exchange, QuotingCurrency = i.Currency, TickSize = i.TickSize,
            TickCost = i.TickValue, ExpirationDate = i.ExpirationUtc ?? default, Bid = first.Open, Ask = first.Open, Last = first.Open,
        });

        var strategy = StandInStrategies.Create(new DemoCrossoverStrategy { DatabasePath = databasePath, Clock = clock, Study = plan.Study });
        try
        {
            strategy.InstanceName = plan.InstanceName;
            var p = plan.Parameters;
            strategy.Settings =
            [
                StandInSettings.Item("Account", account), StandInSettings.Item("Symbol", symbol), StandInSettings.Item("Period", Period.HOUR1),
                StandInSettings.Item("Fast period", p.FastPeriod), StandInSettings.Item("Slow period", p.SlowPeriod),
                StandInSettings.Item("Stop loss, %", p.StopLossPercent), StandInSettings.Item("Take profit, %", p.TakeProfitPercent),
                StandInSettings.Item("Quantity", p.Quantity),
            ];
            if (strategy.Parameters != p)
            {
                throw new InvalidOperationException($"The platform applied {strategy.Parameters} to the sample strategy's inputs, not {p}.");
            }

            strategy.Run();
            var recorder = strategy.Recorder;
            if (recorder?.RunId is not { } runId)
            {
                throw new InvalidOperationException("The recorder did not start the demo run: " + string.Join(" ", strategy.Problems));
            }

            // The recorder asks for its bars' volume analysis when the run starts; the calculation runs on the thread
            // pool and is done before the first trade, as in a platform that has loaded the history.
            StandInVolumeAnalysis.WaitForCalculations();
            var exchange = new DemoExchange(broker, symbol, i, clock, forward: plan.Connection == ConnectionType.TradingSimulator);
            foreach (var bar in plan.Bars)
            {
                StandInVolumeAnalysis.Provide(symbol, bar.OpenUtc, DemoVolume.Analysis(bar));
                foreach (var (time, price, volume) in DemoVolume.Ticks(bar))
                {
                    clock.MoveTo(time);
                    StandInHistory.PushTick(symbol, time, price, volume);
                    // What the strategy did on the new bar (cancels, an order) is queued after the tick.
                    broker.WaitForIdle();
                    exchange.Trade(time, price);
                }

                barDone();
            }

            var last = plan.Bars[^1];
            clock.MoveTo(last.TimeUtc);
            if (plan.IsBacktest)
            {
                strategy.Flatten(EndOfTestTag);
                broker.WaitForIdle();
                exchange.Trade(last.TimeUtc, last.Close);
            }

            clock.MoveTo(last.TimeUtc.AddSeconds(1));
            strategy.Stop();
            // The file is complete (events, analysis, the run's handle closed) before the next run or the caller reads it.
            recorder.WhenClosed.Wait();
            if (StandInPlatform.HandlerErrors is { Length: > 0 } errors)
            {
                throw new InvalidOperationException("The sample strategy failed in a platform event: " + errors[0].Message, errors[0]);
            }

            return new DemoRecordedRun(runId, plan.InstanceName, plan.IsBacktest ? "BACKTEST" : "PAPER", strategy.Problems) { Study = plan.Study };
        }
        finally
        {
            StandInStrategies.Delete(strategy);
        }
    }
}
