using System.Reflection;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// The order metrics are shown in (that of <see cref="MetricKeys"/>, which groups them as docs/metrics.md does) and
/// which direction is better, for marking the best value when comparing and for taking an instance's worst run.
/// </summary>
public static class MetricCatalog
{
    /// <summary>The pseudo-metric an aggregate of several runs starts with: how many runs it covers.</summary>
    public const string RunsKey = "runs";

    // Declaration order of the constants; reflection returns fields in metadata order, which is declaration order.
    private static readonly Dictionary<string, int> Order = typeof(MetricKeys)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select((f, i) => (Key: (string)f.GetRawConstantValue()!, Index: i))
        .ToDictionary(p => p.Key, p => p.Index, StringComparer.Ordinal);

    /// <summary>The rows `compare` and the report show unless all metrics are asked for.</summary>
    public static readonly IReadOnlyList<string> Headline =
    [
        MetricKeys.NetPnl, MetricKeys.TotalReturnPct, MetricKeys.Sharpe, MetricKeys.Sortino, MetricKeys.MaxDrawdown,
        MetricKeys.MaxDrawdownPct, MetricKeys.TradeCount, MetricKeys.WinRate, MetricKeys.ProfitFactor,
        MetricKeys.Expectancy, MetricKeys.AverageWin, MetricKeys.AverageLoss, MetricKeys.LargestLoss,
        MetricKeys.AverageRMultiple, MetricKeys.TotalFees, MetricKeys.ExposurePct, MetricKeys.CancelRate,
        MetricKeys.SlippageAvgPrice,
    ];

    private static readonly HashSet<string> LowerIsBetter = new(StringComparer.Ordinal)
    {
        MetricKeys.TotalFees, MetricKeys.VolatilityAnnualised, MetricKeys.Var95, MetricKeys.Cvar95,
        MetricKeys.MaxDrawdown, MetricKeys.MaxDrawdownPct, MetricKeys.AverageDrawdown, MetricKeys.LongestDrawdownDays,
        MetricKeys.LongestLossStreak, MetricKeys.Losses, MetricKeys.SlippageAvgPrice, MetricKeys.SlippageAvgTicks,
        MetricKeys.SlippageTotal, MetricKeys.SlippageMarketAvgTicks, MetricKeys.SlippageLimitAvgTicks,
        MetricKeys.SlippageStopAvgTicks, MetricKeys.CancelRate, MetricKeys.RejectRate, MetricKeys.LatencyFirstFillP50,
        MetricKeys.LatencyFirstFillP95, MetricKeys.LatencyFullFillP50, MetricKeys.LatencyFullFillP95,
        MetricKeys.SignFlipPValue, MetricKeys.UnmatchedCloseQuantity,
        MetricKeys.MonteCarloMaxDrawdownP5, MetricKeys.MonteCarloMaxDrawdownP50, MetricKeys.MonteCarloMaxDrawdownP95,
    };

    private static readonly HashSet<string> HigherIsBetter = new(StringComparer.Ordinal)
    {
        MetricKeys.NetPnl, MetricKeys.GrossPnl, MetricKeys.TotalReturn, MetricKeys.TotalReturnPct,
        MetricKeys.FinalEquity, MetricKeys.Cagr, MetricKeys.Sharpe, MetricKeys.Sortino, MetricKeys.ProbabilisticSharpe,
        MetricKeys.Wins, MetricKeys.WinRate, MetricKeys.ProfitFactor, MetricKeys.PayoffRatio, MetricKeys.Expectancy,
        MetricKeys.LargestWin, MetricKeys.LargestLoss, MetricKeys.AverageWin, MetricKeys.AverageLoss,
        MetricKeys.LongestWinStreak, MetricKeys.AverageRMultiple, MetricKeys.ProfitableDays, MetricKeys.FillRatioAvg,
        MetricKeys.DeflatedSharpe, MetricKeys.BootstrapTotalReturnLow, MetricKeys.BootstrapTotalReturnPctLow,
        MetricKeys.MonteCarloFinalEquityP5, MetricKeys.MonteCarloFinalEquityP50, MetricKeys.MonteCarloFinalEquityP95,
    };

    /// <summary>+1 when higher is better, −1 when lower is better, 0 when neither (counts, exposure, …).</summary>
    public static int Direction(string key) =>
        HigherIsBetter.Contains(key) ? 1 : LowerIsBetter.Contains(key) ? -1 : 0;

    /// <summary>The key's place in the display order; unknown keys come last.</summary>
    public static int Rank(string key) => Order.TryGetValue(key, out var index) ? index : int.MaxValue;

    /// <summary>The distinct keys in display order (unknown keys last, by name).</summary>
    public static IEnumerable<string> Sort(IEnumerable<string> keys) =>
        keys.Distinct(StringComparer.Ordinal).OrderBy(Rank).ThenBy(k => k, StringComparer.Ordinal);

    /// <summary>Indexes of the best values in a row (ties all marked); empty when no direction or no values.</summary>
    public static IReadOnlyList<int> Best(string key, IReadOnlyList<double?> values)
    {
        var direction = Direction(key);
        var present = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        if (direction == 0 || present.Count < 2)
        {
            return [];
        }

        var best = direction > 0 ? present.Max() : present.Min();
        return values.Select((v, i) => (v, i)).Where(p => p.v == best).Select(p => p.i).ToList();
    }
}
