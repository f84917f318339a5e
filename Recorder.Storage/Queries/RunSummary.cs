namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// One run with its instance and strategy, its row counts and its two headline metrics. Times are the stored ISO-8601
/// UTC text; <see cref="NetPnl"/> is in the run's instrument currency (null before the run is analysed, and a run
/// that mixes currencies says so in its notes, <see cref="IPerformanceReader.Notes"/>).
/// </summary>
public sealed record RunSummary
{
    /// <summary>The run's id (a UUID v7 as text).</summary>
    public required string RunId { get; init; }

    /// <summary>The parameter set (instance) the run ran with.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The instance's name as the user gave it, if any.</summary>
    public string? InstanceName { get; init; }

    public string? StrategyId { get; init; }

    public string? StrategyName { get; init; }

    public string? StrategyVersion { get; init; }

    /// <summary>BACKTEST, PAPER, LIVE or REPLAY.</summary>
    public required string RunType { get; init; }

    /// <summary>RUNNING, COMPLETED, FAILED, CANCELED or ABANDONED.</summary>
    public required string Status { get; init; }

    /// <summary>When the run started (ISO-8601 UTC text as stored).</summary>
    public required string StartUtc { get; init; }

    /// <summary>When the run ended, or null while it runs.</summary>
    public string? EndUtc { get; init; }

    /// <summary>The account balance the run started with, in <see cref="BaseCurrency"/>.</summary>
    public double? InitialBalance { get; init; }

    /// <summary>
    /// The currency <see cref="InitialBalance"/> is in, as the run's start gave it; <see cref="NetPnl"/> is in the
    /// instrument's currency instead.
    /// </summary>
    public string? BaseCurrency { get; init; }

    /// <summary>Where the data came from (connection or backtest data source).</summary>
    public string? DataSource { get; init; }

    /// <summary>The platform's version that ran the strategy.</summary>
    public string? EngineVersion { get; init; }

    /// <summary>Why the run failed, when it did.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The instance's input parameters as a JSON object.</summary>
    public string? ParametersJson { get; init; }

    /// <summary>The instance's main symbol.</summary>
    public string? Symbol { get; init; }

    /// <summary>The instance's timeframe.</summary>
    public string? Timeframe { get; init; }

    /// <summary>
    /// What the run said of its progress (the author's <c>ReportProgress</c>): the items processed so far, 0 when it
    /// said nothing.
    /// </summary>
    public long ProgressProcessed { get; init; }

    /// <summary>The whole it said it processes, null when it named none.</summary>
    public long? ProgressTotal { get; init; }

    /// <summary>Processed of the whole, 0 to 100; null without a whole (none is invented).</summary>
    public double? ProgressPercent { get; init; }

    /// <summary>When the file recorded the run (the recording machine's clock; a backtest's own times are its data's).</summary>
    public string? CreatedUtc { get; init; }


    /// <summary>The instance's account.</summary>
    public string? AccountId { get; init; }

    /// <summary>Rows of the run in <c>orders</c>: one per order id, however many snapshots it had.</summary>
    public long OrderCount { get; init; }

    /// <summary>Rows of the run in <c>executions</c>: one per execution id.</summary>
    public long ExecutionCount { get; init; }

    /// <summary>Bars recorded, over all the run's series.</summary>
    public long BarCount { get; init; }

    /// <summary>The stored metric trade_count (closed trades), null before analysis.</summary>
    public double? TradeCount { get; init; }

    /// <summary>The stored metric net_pnl, null before analysis.</summary>
    public double? NetPnl { get; init; }

    /// <summary>
    /// What the stored analysis is as of: the run's time (ISO-8601 UTC text) of the newest event it saw. A running run's
    /// analysis is kept a few seconds behind its events (docs/architecture.md, "The flow of one event", 4); null before
    /// analysis, and for an analysis stored before this field was (or by the team store's own analysis).
    /// </summary>
    public string? AnalysisAsOfUtc { get; init; }

    /// <summary>
    /// False when the stored analysis is a running run's, which leaves out what needs the whole run (the validation
    /// statistics and the deflated Sharpe ratio, stored at its end); true for a run's end and `recorder analyze`; null
    /// before analysis or when the stored analysis does not say.
    /// </summary>
    public bool? AnalysisWholeRun { get; init; }
}
