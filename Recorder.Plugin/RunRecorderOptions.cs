using QuantowerRecorder.Plugin.Recording;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin;

/// <summary>
/// Optional settings of <see cref="RunRecorder"/>. Anything left null is taken from the strategy's own input
/// parameters (the first Account, Symbol and Period among them).
/// </summary>
public sealed record RunRecorderOptions
{
    /// <summary>The database file; default: QuantowerRecorder\quantower-runs.db in the user's Documents folder.</summary>
    public string? DatabasePath { get; init; }

    /// <summary>The account whose orders and fills belong to the run.</summary>
    public Account? Account { get; init; }

    /// <summary>The symbol whose orders and fills belong to the run; null with no Symbol input means all symbols.</summary>
    public Symbol? Symbol { get; init; }

    /// <summary>The timeframe recorded with the instance (and of the bars, when <see cref="RecordBars"/>).</summary>
    public Period? Period { get; init; }

    /// <summary>Only orders whose comment contains this text (ordinal comparison); null or empty for all.</summary>
    public string? CommentFilter { get; init; }

    /// <summary>Also record the bars of the symbol at <see cref="Period"/>.</summary>
    public bool RecordBars { get; init; }

    /// <summary>
    /// The strategy's own bars to record (the <see cref="HistoricalData"/> it requested in OnRun), instead of the
    /// recorder requesting the symbol's bars again: the platform then keeps one history and raises one set of bar events
    /// instead of two (a second subscription to the same bars cost a fifth of a 100,000-bar backtest in the backtest
    /// benchmark). Implies <see cref="RecordBars"/>; its symbol and period are the history's (and the run's, when neither
    /// these options nor the strategy's inputs name them); a history that is not time bars of a symbol is not recorded (the
    /// log says so), the symbol's bars at <see cref="Period"/> are, when a symbol and period are named. The recorder follows its
    /// events from the run's start and never disposes it: the strategy does, after the recorder (OnStop).
    /// </summary>
    public HistoricalData? Bars { get; init; }

    /// <summary>With <see cref="RecordBars"/>: request volume analysis and store delta, buy/sell volume, trades and POC.</summary>
    public bool RecordVolumeAnalysis { get; init; }

    /// <summary>
    /// The name of this terminal in a team store (`recorder push`): who ran what. Default: the machine's name.
    /// </summary>
    public string? TerminalName { get; init; }

    /// <summary>
    /// The clock that stamps the run's events and its start (which the run id's time part carries). Null, the default:
    /// the wall clock on a live connection, and on a simulated one (backtester, replay, simulator) the newest vendor time
    /// the run has seen — Quantower has no simulated clock, so a backtest's time is on its orders, fills, bars and
    /// quotes. A host that drives time itself (a simulation, a test harness) passes its own.
    /// </summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>
    /// What a power cut may take (docs/plugin.md, "What survives a power cut"). <see cref="RecorderCommitSync.LiveAndPaper"/>,
    /// the default: nothing of a live or paper run that the recorder wrote; up to a second of a backtest or replay.
    /// <see cref="RecorderCommitSync.Every"/>: nothing of any run. <see cref="RecorderCommitSync.Periodic"/>: up to a second of any run,
    /// live ones too. The first recorder to open a file in the process decides it for that file.
    /// </summary>
    public RecorderCommitSync CommitSync { get; init; } = RecorderCommitSync.LiveAndPaper;

    /// <summary>
    /// How long, at most, the run's end waits for the orders it saw working to be filled, cancelled or refused (an exit
    /// sent in OnStop, a bracket cancelled while stopping); whatever is still working then is recorded as such. The
    /// platform's thread never waits: the run ends in the background. Default 30 s.
    /// </summary>
    public TimeSpan EndDrainLimit { get; init; } = RunDrain.Default.Limit;

    /// <summary>
    /// How long nothing new must arrive, after the end is asked and after the run's last event, before the run ends: an
    /// order sent at the last moment reaches the platform a little later. Default 1 s.
    /// </summary>
    public TimeSpan EndSettleTime { get; init; } = RunDrain.Default.Settle;

    /// <summary>
    /// The study (optimisation) this run is a pass of: every run recorded with the same name is one study, whatever the
    /// grouping inferred from the runs would say (docs/studies.md). Quantower does not show a strategy the Optimization
    /// ID of its task, so an author who wants the passes of each optimisation apart gives each one its own name. Null:
    /// inferred.
    /// </summary>
    public string? Study { get; init; }

    /// <summary>
    /// The metric the optimisation ranks passes by, as a metric key of docs/metrics.md (<c>sharpe</c>, <c>net_pnl</c>,
    /// <c>profit_factor</c>, …): what `recorder study` sorts by unless told otherwise. Null: Sharpe.
    /// </summary>
    public string? StudyObjective { get; init; }

    /// <summary>
    /// A live or paper run checks itself against its parameter set's backtest in the file (the latest ended before its first trade) as each trade closes,
    /// and says in the log and the run's journal when it leaves the backtest's band (docs/plugin.md, "The drift
    /// alarm"). Default on; off does no check.
    /// </summary>
    public bool DriftAlarm { get; init; } = true;
}
