namespace QuantowerRecorder.Analytics;

/// <summary>Choices of the analysis; the defaults are the documented ones (docs/metrics.md).</summary>
public sealed record AnalysisOptions
{
    public static AnalysisOptions Default { get; } = new();

    /// <summary>How trades are formed from fills. Default FIFO.</summary>
    public LotMatching Matching { get; init; } = LotMatching.Fifo;

    /// <summary>
    /// Periods per year used to annualise daily statistics; null (the default) takes them from the instruments'
    /// calendar (<see cref="TradingCalendar"/>: 365 for a market open every day, else 252).
    /// </summary>
    public int? PeriodsPerYear { get; init; }

    /// <summary>Seed of the validation statistics' random generator (xoshiro256**). Same seed, same numbers.</summary>
    public ulong Seed { get; init; } = 20_240_601;

    /// <summary>Samples of each randomised validation statistic. Default 1000.</summary>
    public int ValidationSamples { get; init; } = 1000;

    /// <summary>
    /// Upper bound on trades × samples per validation statistic, so that a run with a very large number of trades
    /// stays fast: samples are lowered (never below 100) to fit. Default 50,000,000.
    /// </summary>
    public long ValidationWorkBudget { get; init; } = 50_000_000;

    /// <summary>
    /// Whether the four randomised validation statistics may run side by side on the thread pool (the numbers are the
    /// same either way: each has its own generator). Only a run's close asks for it, once its strategy has stopped and
    /// the processor it used is free; a live drift check, a page's question or `recorder analyze` computes them one after
    /// another, never taking a second processor from a strategy that is still trading. Default false.
    /// </summary>
    public bool ValidationSideBySide { get; init; }

    /// <summary>
    /// Whether what needs the whole run is computed: the "is the edge real?" statistics and the deflated Sharpe ratio
    /// (<see cref="MetricKeys.WholeRun"/>). A running run's analysis leaves them out, their keys absent, and gets
    /// them at its end (docs/metrics.md, "While a run runs"). Default true.
    /// </summary>
    public bool WholeRun { get; init; } = true;

    /// <summary>Fewest closed trades for the "is the edge real?" statistics. Default 10.</summary>
    public int MinTradesForValidation { get; init; } = 10;

    /// <summary>The trials behind this run, for the deflated Sharpe ratio, counted and measured by the caller.</summary>
    public SharpeTrials? Trials { get; init; }

    /// <summary>
    /// The other runs this run was chosen among, when <see cref="Trials"/> is not given: the run's own Sharpe ratio
    /// joins theirs to make the trials (docs/metrics.md, "Trials"). Null with neither: no deflated Sharpe.
    /// </summary>
    public TrialPopulation? Population { get; init; }

    /// <summary>
    /// How long after a trade's entry a stop-loss order may appear and still count as the stop active at entry
    /// (brackets are placed once the entry has filled). Default 5 seconds.
    /// </summary>
    public TimeSpan StopLinkGrace { get; init; } = TimeSpan.FromSeconds(5);
}
