using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// The one sort vocabulary of runs, `recorder runs --sort` and GET /api/runs/?sort= alike: each key is the name of the
/// <see cref="RunRecord"/> field it orders by.
/// </summary>
public static class RunSorts
{
    public static IReadOnlyDictionary<string, RunSort> ByName { get; } = new Dictionary<string, RunSort>(StringComparer.OrdinalIgnoreCase)
    {
        ["start_utc"] = RunSort.Start, ["net_pnl"] = RunSort.NetPnl, ["trade_count"] = RunSort.TradeCount,
        ["sharpe"] = RunSort.Sharpe, ["max_drawdown"] = RunSort.MaxDrawdown, ["win_rate"] = RunSort.WinRate,
    };
}
