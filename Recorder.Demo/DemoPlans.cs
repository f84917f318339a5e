using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Demo;

/// <summary>
/// The demo's seven single runs and its optimisation (<see cref="Sweep"/>). The seven: three parameter sets of one strategy, each run as a backtest over January–March 2026 and as a
/// paper run over April 2026, and one more backtest of "Medium 10/30" over April 2026, the bars of its paper run, so
/// that a backtest and a paper run of the same parameters over the same period can be compared. The bars are
/// deterministic synthetic hourly bars (same seed, same data, everywhere). Two sets trade spot bitcoin (point value 1);
/// the third trades an index future (tick 0.25 worth 12.50, point value 50), so that money is in currency and slippage
/// in ticks of a contract whose point is not worth 1.
/// </summary>
internal static class DemoPlans
{
    public const string BacktestSource = "Backtester (synthetic data, seed 20260105)";
    public const string PaperSource = "Trading Simulator (synthetic feed, seed 20260401)";
    public const string SamePeriodBacktestSource = "Backtester (synthetic data, seed 20260401)";

    private static readonly DateTime BacktestStart = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime PaperStart = new(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly (string Name, DemoParameters Values, DemoInstrument Instrument)[] ParameterSets =
    [
        ("Fast 5/20", new DemoParameters(5, 20, 0.8, 1.6, 2), DemoInstrument.Bitcoin),
        ("Medium 10/30", new DemoParameters(10, 30, 1.0, 2.0, 2), DemoInstrument.Bitcoin),
        ("Slow 20/60", new DemoParameters(20, 60, 1.5, 3.0, 2), DemoInstrument.IndexFuture),
    ];

    public static IReadOnlyList<DemoRunPlan> All()
    {
        var plans = new List<DemoRunPlan>();
        for (var i = 0; i < ParameterSets.Length; i++)
        {
            var set = ParameterSets[i];
            var (backtest, paper) = Market(set.Instrument);
            // Started two minutes apart, as a trader starts them one after another: a run id's time part is its start,
            // so the runs' ids then differ within their first 8 characters.
            var lead = TimeSpan.FromMinutes(2 * (ParameterSets.Length - i));
            plans.Add(Plan(set, ConnectionType.Backtester, BacktestSource, backtest, lead));
            plans.Add(Plan(set, ConnectionType.TradingSimulator, PaperSource, paper, lead));
        }

        // The paper run's twin, started two minutes before the first paper run so that its id differs too.
        var medium = ParameterSets[1];
        plans.Add(Plan(medium, ConnectionType.Backtester, SamePeriodBacktestSource, Market(medium.Instrument).Paper,
            TimeSpan.FromMinutes(2 * (ParameterSets.Length + 1))));
        plans.AddRange(Sweep());
        return plans;
    }

    /// <summary>
    /// The optimisation: every fast period of <see cref="SweepFast"/> with every slow one of <see cref="SweepSlow"/>, as
    /// Quantower's Brute Force runs a grid, each pass a backtest of the same bitcoin bars (the
    /// <see cref="SweepBars"/> hours of the backtest period) named for one study by the author. The passes start two
    /// minutes apart before the single backtests (so every run id still differs within its first 8 characters); a real
    /// optimisation starts them all at the period's start.
    /// </summary>
    public static IEnumerable<DemoRunPlan> Sweep()
    {
        var bars = Market(DemoInstrument.Bitcoin).Backtest.Take(SweepBars).ToList();
        var pass = 0;
        foreach (var fast in SweepFast)
        {
            foreach (var slow in SweepSlow)
            {
                pass++;
                var set = ($"Sweep {fast}/{slow}", new DemoParameters(fast, slow, 1.0, 2.0, 2), DemoInstrument.Bitcoin);
                yield return Plan(set, ConnectionType.Backtester, BacktestSource, bars, TimeSpan.FromMinutes(2 * (ParameterSets.Length + pass)))
                    with { Study = DemoRecording.StudyName };
            }
        }
    }

    /// <summary>
    /// Hours of bars each pass of the optimisation trades: the whole backtest period (86 days). A pass's Sharpe ratio
    /// over ten days of daily returns is mostly noise (its standard error is about √(365 / 10) ≈ 6), and a best pass of
    /// 8 read as an edge; over 86 days it is about 2.
    /// </summary>
    public const int SweepBars = 24 * 86;

    public static readonly int[] SweepFast = [3, 5, 8, 12, 16];

    public static readonly int[] SweepSlow = [20, 25, 30, 40, 50];

    // The same random walks for every instrument, at its price and volatility and rounded to its tick.
    private static (IReadOnlyList<DemoBar> Backtest, IReadOnlyList<DemoBar> Paper) Market(DemoInstrument instrument)
    {
        var hour = TimeSpan.FromHours(1);
        var backtest = DemoMarket.Bars(seed: 20260105, BacktestStart, count: 24 * 86, instrument.StartPrice, hour, instrument.TickSize, instrument.HourlyVolatility, instrument.TrendShare);
        var paper = DemoMarket.Bars(seed: 20260401, PaperStart, count: 24 * 30, backtest[^1].Close, hour, instrument.TickSize, instrument.HourlyVolatility, instrument.TrendShare);
        return (backtest, paper);
    }

    private static DemoRunPlan Plan((string Name, DemoParameters Values, DemoInstrument Instrument) set, ConnectionType connection,
        string source, IReadOnlyList<DemoBar> bars, TimeSpan lead) => new()
        {
            InstanceName = set.Name, Parameters = set.Values, Instrument = set.Instrument, Connection = connection,
            DataSource = source, Bars = bars, StartUtc = bars[0].OpenUtc - lead,
        };
}
