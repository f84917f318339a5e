using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// An instance's metrics over all its runs (docs/cli.md, "compare"): money that adds up is summed, trade statistics
/// are Analytics' <see cref="TradeStatistics"/> of the pooled closed trades (the one definition a run's own
/// metrics use), drawdown-like risks take the worst run, the rest is the mean of runs. Money of runs in different
/// currencies is never added: every money figure is then null. Store-independent: it reads through the interface.
/// </summary>
internal static class InstanceMetrics
{

    private static readonly HashSet<string> Summed = new(StringComparer.Ordinal)
    {
        MetricKeys.NetPnl, MetricKeys.GrossPnl, MetricKeys.TotalFees, MetricKeys.OpenPnl, MetricKeys.TotalReturn,
        MetricKeys.OrderCount, MetricKeys.FillCount, MetricKeys.Turnover, MetricKeys.SlippageTotal,
    };

    public static IReadOnlyList<MetricValue> Of(IPerformanceReader reader, IReadOnlyList<string> runIds)
    {
        var perRun = runIds.Select(reader.Metrics).ToList();
        var result = new Dictionary<string, MetricValue>(StringComparer.Ordinal)
        {
            [MetricCatalog.RunsKey] = new MetricValue(MetricCatalog.RunsKey, runIds.Count, MetricUnits.Count),
        };
        foreach (var key in perRun.SelectMany(r => r.Select(m => m.Key)).Distinct(StringComparer.Ordinal))
        {
            var entries = perRun.Select(r => r.FirstOrDefault(m => string.Equals(m.Key, key, StringComparison.Ordinal)))
                .Where(m => m?.Value is not null).Select(m => m!).ToList();
            if (entries.Count == 0)
            {
                result[key] = new MetricValue(key, null, null);
                continue;
            }

            var values = entries.Select(m => m.Value!.Value).ToList();
            var value = Summed.Contains(key) ? values.Sum()
                : MetricCatalog.Direction(key) < 0 && key.Contains("drawdown", StringComparison.Ordinal) ? values.Max()
                : values.Average();
            result[key] = new MetricValue(key, value, entries[0].Unit);
        }

        AddPooledTrades(reader, runIds, result);
        if (reader.Currencies(runIds).Count > 1)
        {
            // Money is never added across currencies, nor are ratios of such sums (profit factor, payoff ratio).
            foreach (var key in result.Where(p => p.Value.Unit == MetricUnits.Money || p.Key is MetricKeys.ProfitFactor or MetricKeys.PayoffRatio)
                         .Select(p => p.Key).ToList())
            {
                result[key] = result[key] with { Value = null };
            }
        }

        return [result[MetricCatalog.RunsKey], .. MetricCatalog.Sort(result.Keys.Where(k => k != MetricCatalog.RunsKey)).Select(k => result[k])];
    }

    private static void AddPooledTrades(IPerformanceReader reader, IReadOnlyList<string> runIds, Dictionary<string, MetricValue> result)
    {
        var pnl = reader.ClosedTradePnl(runIds);
        if (pnl.Count == 0)
        {
            return;
        }

        var stats = TradeStatistics.Of(pnl);
        void Set(string key, double? value, string unit) => result[key] = new MetricValue(key, value, unit);
        Set(MetricKeys.TradeCount, stats.Count, MetricUnits.Count);
        Set(MetricKeys.Wins, stats.Wins, MetricUnits.Count);
        Set(MetricKeys.Losses, stats.Losses, MetricUnits.Count);
        Set(MetricKeys.WinRate, stats.WinRate, MetricUnits.Percent);
        Set(MetricKeys.ProfitFactor, stats.ProfitFactor, MetricUnits.Ratio);
        Set(MetricKeys.Expectancy, stats.Expectancy, MetricUnits.Money);
        Set(MetricKeys.AverageWin, stats.AverageWin, MetricUnits.Money);
        Set(MetricKeys.AverageLoss, stats.AverageLoss, MetricUnits.Money);
        Set(MetricKeys.LargestWin, stats.LargestWin, MetricUnits.Money);
        Set(MetricKeys.LargestLoss, stats.LargestLoss, MetricUnits.Money);
        Set(MetricKeys.PayoffRatio, stats.PayoffRatio, MetricUnits.Ratio);
    }
}
