using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Cli.Demo;

/// <summary>
/// The demo's six runs: three parameter sets of one strategy, each run as a backtest over January–March 2026 and as
/// a paper run over April 2026, on deterministic synthetic hourly bars (same seed, same data, everywhere).
/// </summary>
internal static class DemoGenerator
{
    public const string StrategyName = "Demo MA Crossover";
    public const string Vendor = "QuantowerRecorder demo";

    private static readonly DateTime BacktestStart = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime PaperStart = new(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly (string Name, int Fast, int Slow, double Stop, double Target)[] ParameterSets =
    [
        ("Fast 5/20", 5, 20, 0.8, 1.6),
        ("Medium 10/30", 10, 30, 1.0, 2.0),
        ("Slow 20/60", 20, 60, 1.5, 3.0),
    ];

    public static IReadOnlyList<DemoRunPlan> Plans()
    {
        var backtestBars = DemoMarket.Bars(seed: 20260105, BacktestStart, count: 24 * 86, startPrice: 60_000, TimeSpan.FromHours(1));
        var paperBars = DemoMarket.Bars(seed: 20260401, PaperStart, count: 24 * 30, startPrice: backtestBars[^1].Close, TimeSpan.FromHours(1));
        var plans = new List<DemoRunPlan>();
        foreach (var set in ParameterSets)
        {
            plans.Add(Plan(set, RunSource.Backtest, backtestBars, "synthetic backtest data (seed 20260105)", flattenAtEnd: true));
            plans.Add(Plan(set, RunSource.Paper, paperBars, "synthetic paper feed (seed 20260401)", flattenAtEnd: false));
        }

        return plans;
    }

    private static DemoRunPlan Plan((string Name, int Fast, int Slow, double Stop, double Target) set, RunSource type,
        IReadOnlyList<DemoBar> bars, string source, bool flattenAtEnd)
    {
        var steps = new DemoStrategy(set.Fast, set.Slow, set.Stop, set.Target, quantity: 2).Run(bars, flattenAtEnd);
        return new DemoRunPlan
        {
            StrategyName = StrategyName, StrategyVersion = "1.0", Vendor = Vendor, InstanceName = set.Name,
            Parameters = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["fast_period"] = set.Fast, ["slow_period"] = set.Slow, ["stop_loss_pct"] = set.Stop,
                ["take_profit_pct"] = set.Target, ["quantity"] = 2,
            },
            Symbol = "BTCUSDT", Timeframe = "1h", Account = "DEMO-SIM", Venue = "Demo exchange (stand-in)", RunType = type,
            InitialBalance = 100_000, Currency = "USD", StartUtc = bars[0].OpenUtc, EndUtc = steps[^1].TimeUtc.AddSeconds(1),
            DataSource = source, Steps = steps,
        };
    }
}
