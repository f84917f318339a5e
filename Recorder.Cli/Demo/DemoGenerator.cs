using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Cli.Demo;

/// <summary>
/// The demo's six runs: three parameter sets of one strategy, each run as a backtest over January–March 2026 and as
/// a paper run over April 2026, on deterministic synthetic hourly bars (same seed, same data, everywhere).
/// </summary>
internal static class DemoGenerator
{
    public const string StrategyName = "Demo MA Crossover";

    /// <summary>The vendor that demo databases made before the demo ran through the plugin carry.</summary>
    public const string LegacyVendor = "QuantowerRecorder demo";

    private static readonly DateTime BacktestStart = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime PaperStart = new(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly (string Name, DemoParameters Values)[] ParameterSets =
    [
        ("Fast 5/20", new DemoParameters(5, 20, 0.8, 1.6, 2)),
        ("Medium 10/30", new DemoParameters(10, 30, 1.0, 2.0, 2)),
        ("Slow 20/60", new DemoParameters(20, 60, 1.5, 3.0, 2)),
    ];

    public static IReadOnlyList<DemoRunPlan> Plans()
    {
        var backtestBars = DemoMarket.Bars(seed: 20260105, BacktestStart, count: 24 * 86, startPrice: 60_000, TimeSpan.FromHours(1));
        var paperBars = DemoMarket.Bars(seed: 20260401, PaperStart, count: 24 * 30, startPrice: backtestBars[^1].Close, TimeSpan.FromHours(1));
        var plans = new List<DemoRunPlan>();
        for (var i = 0; i < ParameterSets.Length; i++)
        {
            // Started two minutes apart, as a trader starts them one after another: a run id's time part is its start,
            // so the runs' ids then differ within their first 8 characters.
            var lead = TimeSpan.FromMinutes(2 * (ParameterSets.Length - i));
            plans.Add(Plan(ParameterSets[i], RunSource.Backtest, backtestBars, "Backtester (synthetic data, seed 20260105)", flattenAtEnd: true, lead));
            plans.Add(Plan(ParameterSets[i], RunSource.Paper, paperBars, "Trading Simulator (synthetic feed, seed 20260401)", flattenAtEnd: false, lead));
        }

        return plans;
    }

    private static DemoRunPlan Plan((string Name, DemoParameters Values) set, RunSource type, IReadOnlyList<DemoBar> bars,
        string source, bool flattenAtEnd, TimeSpan lead)
    {
        var p = set.Values;
        var steps = new DemoStrategy(p.FastPeriod, p.SlowPeriod, p.StopLossPercent, p.TakeProfitPercent, p.Quantity).Run(bars, flattenAtEnd);
        return new DemoRunPlan
        {
            StrategyName = StrategyName, InstanceName = set.Name, Parameters = p,
            Symbol = "BTCUSDT", Exchange = "Demo exchange", TickSize = DemoMarket.TickSize, BarLength = TimeSpan.FromHours(1),
            Account = "DEMO-SIM", RunType = type, InitialBalance = 100_000, Currency = "USD",
            StartUtc = bars[0].OpenUtc - lead, EndUtc = steps[^1].TimeUtc.AddSeconds(1), DataSource = source, Steps = steps,
        };
    }
}
