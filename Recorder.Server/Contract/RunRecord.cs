using System.Text.Json.Nodes;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Server.Contract;

/// <summary>
/// A run as `runs --json`, `demo --json` and GET /api/runs/ give it: its instance and strategy, its row counts
/// (<c>*_count</c>), its key metrics (null before analysis) and <see cref="Parameters"/> as a JSON object. Every sort
/// key of <see cref="RunSorts"/> is one of these names.
/// </summary>
public record RunRecord
{
    // The run's own fields are the read API's, given as they are; the rest is parsed or looked up once.
    private readonly RunSummary run;

    private RunRecord(RunSummary run) => this.run = run;

    public string RunId => run.RunId;
    public string? StrategyId => run.StrategyId;
    public string? StrategyName => run.StrategyName;
    public string? StrategyVersion => run.StrategyVersion;
    public string InstanceId => run.InstanceId;
    public string? InstanceName => run.InstanceName;
    public JsonNode? Parameters { get; private init; }
    public string? Symbol => run.Symbol;
    public string? Timeframe => run.Timeframe;
    public string? AccountId => run.AccountId;
    public string RunType => run.RunType;
    public string Status => run.Status;
    public string StartUtc => run.StartUtc;
    public string? EndUtc => run.EndUtc;
    public double? InitialBalance => run.InitialBalance;
    public string? BaseCurrency => run.BaseCurrency;
    public string? DataSource => run.DataSource;
    public string? EngineVersion => run.EngineVersion;
    public string? ErrorMessage => run.ErrorMessage;
    public long OrderCount => run.OrderCount;
    public long ExecutionCount => run.ExecutionCount;
    public long BarCount => run.BarCount;

    /// <summary>The currency of the money figures; MIXED when the run's instruments differ (then nothing is added up).</summary>
    public string? Currency { get; private init; }
    public double? TradeCount => run.TradeCount;
    public double? NetPnl => run.NetPnl;
    public double? TotalReturnPct { get; private init; }
    public double? Sharpe { get; private init; }
    public double? MaxDrawdown { get; private init; }
    public double? MaxDrawdownPct { get; private init; }
    public double? WinRate { get; private init; }
    public double? ProfitFactor { get; private init; }

    public static IReadOnlyList<RunRecord> Of(IRecorderReader reader, IEnumerable<RunSummary> runs) =>
        runs.Select(run => Of(reader, run)).ToList();

    public static RunRecord Of(IRecorderReader reader, RunSummary run)
    {
        var metrics = reader.Performance.Metrics(run.RunId).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        double? Metric(string key) => metrics.GetValueOrDefault(key);
        return new RunRecord(run)
        {
            Parameters = JsonText.Parse(run.ParametersJson), Currency = CurrencyOf(reader, [run.RunId]),
            TotalReturnPct = Metric("total_return_pct"), Sharpe = Metric("sharpe"), MaxDrawdown = Metric("max_drawdown"),
            MaxDrawdownPct = Metric("max_drawdown_pct"), WinRate = Metric("win_rate"), ProfitFactor = Metric("profit_factor"),
        };
    }

    /// <summary>The one currency of the runs' money figures, MIXED for several, null when no instrument says.</summary>
    public static string? CurrencyOf(IRecorderReader reader, IReadOnlyList<string> runIds) =>
        reader.Performance.Currencies(runIds) switch { [] => null, [var one] => one, _ => "MIXED" };
}
