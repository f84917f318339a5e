using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Cli.Demo;

/// <summary>
/// The demo's six runs: three parameter sets of one strategy, each run as a backtest over January–March 2026 and as
/// a paper run over April 2026, on deterministic synthetic hourly bars (same seed, same data, everywhere). Two sets
/// trade spot bitcoin (point value 1); the third trades an index future (tick 0.25 worth 12.50, point value 50), so
/// that money is shown in currency and slippage in ticks of a contract whose point is not worth 1.
/// </summary>
internal static class DemoGenerator
{
    public const string StrategyName = "Demo MA Crossover";

    /// <summary>The vendor that demo databases made before the demo ran through the plugin carry.</summary>
    public const string LegacyVendor = "QuantowerRecorder demo";

    private static readonly DateTime BacktestStart = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime PaperStart = new(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly (string Name, DemoParameters Values, DemoInstrument Instrument)[] ParameterSets =
    [
        ("Fast 5/20", new DemoParameters(5, 20, 0.8, 1.6, 2), DemoInstrument.Bitcoin),
        ("Medium 10/30", new DemoParameters(10, 30, 1.0, 2.0, 2), DemoInstrument.Bitcoin),
        ("Slow 20/60", new DemoParameters(20, 60, 1.5, 3.0, 2), DemoInstrument.IndexFuture),
    ];

    public static IReadOnlyList<DemoRunPlan> Plans()
    {
        var plans = new List<DemoRunPlan>();
        for (var i = 0; i < ParameterSets.Length; i++)
        {
            var set = ParameterSets[i];
            var (backtestBars, paperBars) = Market(set.Instrument);
            // Started two minutes apart, as a trader starts them one after another: a run id's time part is its start,
            // so the runs' ids then differ within their first 8 characters.
            var lead = TimeSpan.FromMinutes(2 * (ParameterSets.Length - i));
            plans.Add(Plan(set, RunSource.Backtest, backtestBars, "Backtester (synthetic data, seed 20260105)", flattenAtEnd: true, lead));
            plans.Add(Plan(set, RunSource.Paper, paperBars, "Trading Simulator (synthetic feed, seed 20260401)", flattenAtEnd: false, lead));
        }

        return plans;
    }

    // The same random walks for every instrument, started at a price that suits it and rounded to its tick.
    private static (IReadOnlyList<DemoBar> Backtest, IReadOnlyList<DemoBar> Paper) Market(DemoInstrument instrument)
    {
        var start = instrument.Type == TradingPlatform.BusinessLayer.SymbolType.Futures ? 6_000 : 60_000;
        var backtest = DemoMarket.Bars(seed: 20260105, BacktestStart, count: 24 * 86, startPrice: start, TimeSpan.FromHours(1), instrument.TickSize);
        var paper = DemoMarket.Bars(seed: 20260401, PaperStart, count: 24 * 30, startPrice: backtest[^1].Close, TimeSpan.FromHours(1), instrument.TickSize);
        return (backtest, paper);
    }

    private static DemoRunPlan Plan((string Name, DemoParameters Values, DemoInstrument Instrument) set, RunSource type,
        IReadOnlyList<DemoBar> bars, string source, bool flattenAtEnd, TimeSpan lead)
    {
        var p = set.Values;
        var i = set.Instrument;
        var steps = new DemoStrategy(p.FastPeriod, p.SlowPeriod, p.StopLossPercent, p.TakeProfitPercent, p.Quantity, i).Run(bars, flattenAtEnd);
        return new DemoRunPlan
        {
            StrategyName = StrategyName, InstanceName = set.Name, Parameters = p, Instrument = i,
            Symbol = i.Symbol, Exchange = i.Exchange, TickSize = i.TickSize, BarLength = TimeSpan.FromHours(1),
            Account = "DEMO-SIM", RunType = type, InitialBalance = 100_000, Currency = i.Currency,
            StartUtc = bars[0].OpenUtc - lead, EndUtc = steps[^1].TimeUtc.AddSeconds(1), DataSource = source, Steps = steps,
        };
    }
}
