using System.Text.Json.Nodes;
using QuantowerRecorder.Storage.Journal;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// A run as `runs --json`, `demo --json` and GET /api/runs/ give it: its instance and strategy, its row counts
/// (<c>*_count</c>), its key metrics (null before analysis) and <see cref="Parameters"/> as a JSON object. Every sort
/// key of <see cref="RunSorts"/> is one of these names.
/// </summary>
public record RunRecord
{
    public required string RunId { get; init; }
    public string? StrategyId { get; init; }
    public string? StrategyName { get; init; }
    public string? StrategyVersion { get; init; }
    public required string InstanceId { get; init; }
    public string? InstanceName { get; init; }
    public JsonNode? Parameters { get; init; }
    public string? Symbol { get; init; }
    public string? Timeframe { get; init; }
    public string? AccountId { get; init; }
    public required string RunType { get; init; }
    public required string Status { get; init; }
    public required string StartUtc { get; init; }
    public string? EndUtc { get; init; }
    public double? InitialBalance { get; init; }
    public string? BaseCurrency { get; init; }
    public string? DataSource { get; init; }
    public string? EngineVersion { get; init; }
    public string? ErrorMessage { get; init; }
    public long OrderCount { get; init; }
    public long ExecutionCount { get; init; }
    public long BarCount { get; init; }

    /// <summary>The currency of the money figures; MIXED when the run's instruments differ (then nothing is added up).</summary>
    public string? Currency { get; init; }
    public double? TradeCount { get; init; }
    public double? NetPnl { get; init; }
    public double? TotalReturnPct { get; init; }
    public double? Sharpe { get; init; }
    public double? MaxDrawdown { get; init; }
    public double? MaxDrawdownPct { get; init; }
    public double? WinRate { get; init; }
    public double? ProfitFactor { get; init; }

    /// <summary>
    /// What the stored trades, equity and metrics are as of: the run's time of the newest event the analysis saw. A
    /// running run's are kept a few seconds behind it; null before analysis.
    /// </summary>
    public string? AnalysisAsOfUtc { get; init; }

    /// <summary>
    /// False for a running run's analysis, which leaves out what needs the whole run (the validation statistics and the
    /// deflated Sharpe ratio come at its end); null before analysis.
    /// </summary>
    public bool? AnalysisWholeRun { get; init; }

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

    /// <summary>The tags the run carries now (docs/cli.md, "note, tag, pin"), sorted.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Whether the run is pinned (`recorder prune` keeps it).</summary>
    public bool Pinned { get; init; }

    /// <summary>
    /// An estimate of the time a running run has left: the share it reported so far took the recording machine's time
    /// since the file recorded the run, the rest at the same pace. Null when it ended, reported no share, or has done
    /// none or all of it.
    /// </summary>
    public TimeSpan? TimeLeft(DateTimeOffset now)
    {
        if (Status != "RUNNING" || ProgressPercent is not (> 0 and < 100) || CreatedUtc is null
            || !DateTimeOffset.TryParse(CreatedUtc, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var created) || now <= created)
        {
            return null;
        }

        var done = ProgressPercent.Value;
        return TimeSpan.FromSeconds((now - created).TotalSeconds * (100 - done) / done);
    }

    public static IReadOnlyList<RunRecord> Of(IRecorderReader reader, IEnumerable<RunSummary> runs)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var list = runs.ToList();
        // One read of the journal for the page, not one per run.
        var marks = reader.Journal.Marks(JournalSubjectType.Run, list.Select(r => r.RunId).ToList());
        return list.Select(run => Of(reader, run, marks.GetValueOrDefault(run.RunId))).ToList();
    }

    public static RunRecord Of(IRecorderReader reader, RunSummary run) =>
        Of(reader, run, reader.Journal.Marks(JournalSubjectType.Run, [run.RunId]).GetValueOrDefault(run.RunId));

    private static RunRecord Of(IRecorderReader reader, RunSummary run, JournalMarks? marks) =>
        Of(run, reader.Performance.Metrics(run.RunId), CurrencyOf(reader, [run.RunId]), marks);

    /// <summary>
    /// The record of a run whose metrics, instruments and journal marks were read with it (<see cref="RunDetailRecord"/>):
    /// nothing is read again.
    /// </summary>
    protected static RunRecord Of(RunSummary run, IReadOnlyList<MetricValue> stored, IReadOnlyList<RunInstrument> instruments, JournalMarks? marks) =>
        Of(run, stored, CurrencyOf(instruments.Select(i => i.Currency).OfType<string>().Distinct(StringComparer.Ordinal).ToList()), marks);

    private static RunRecord Of(RunSummary run, IReadOnlyList<MetricValue> stored, string? currency, JournalMarks? marks)
    {
        var metrics = stored.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        double? Metric(string key) => metrics.GetValueOrDefault(key);
        return new RunRecord
        {
            RunId = run.RunId, StrategyId = run.StrategyId, StrategyName = run.StrategyName, StrategyVersion = run.StrategyVersion,
            InstanceId = run.InstanceId, InstanceName = run.InstanceName, Parameters = JsonText.Parse(run.ParametersJson),
            Symbol = run.Symbol, Timeframe = run.Timeframe, AccountId = run.AccountId, RunType = run.RunType, Status = run.Status,
            StartUtc = run.StartUtc, EndUtc = run.EndUtc, InitialBalance = run.InitialBalance, BaseCurrency = run.BaseCurrency,
            DataSource = run.DataSource, EngineVersion = run.EngineVersion, ErrorMessage = run.ErrorMessage,
            OrderCount = run.OrderCount, ExecutionCount = run.ExecutionCount, BarCount = run.BarCount,
            Currency = currency, TradeCount = run.TradeCount, NetPnl = run.NetPnl,
            TotalReturnPct = Metric("total_return_pct"), Sharpe = Metric("sharpe"), MaxDrawdown = Metric("max_drawdown"),
            MaxDrawdownPct = Metric("max_drawdown_pct"), WinRate = Metric("win_rate"), ProfitFactor = Metric("profit_factor"),
            AnalysisAsOfUtc = run.AnalysisAsOfUtc, AnalysisWholeRun = run.AnalysisWholeRun,
            ProgressProcessed = run.ProgressProcessed, ProgressTotal = run.ProgressTotal, ProgressPercent = run.ProgressPercent,
            CreatedUtc = run.CreatedUtc,
            Tags = marks?.Tags ?? [], Pinned = marks?.Pinned ?? false,
        };
    }

    /// <summary>The one currency of the runs' money figures, MIXED for several, null when no instrument says.</summary>
    public static string? CurrencyOf(IRecorderReader reader, IReadOnlyList<string> runIds) =>
        CurrencyOf(reader.Performance.Currencies(runIds));

    private static string? CurrencyOf(IReadOnlyList<string> distinct) => distinct switch { [] => null, [var one] => one, _ => "MIXED" };
}
