using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Cli.Metrics;

/// <summary>
/// An instance's metrics over all its runs (docs/cli.md, "compare"): money that adds up is summed, trade statistics
/// are recomputed from the pooled closed trades, drawdown-like risks take the worst run, the rest is the mean of runs.
/// </summary>
internal static class InstanceAggregate
{
    public const string RunsKey = "runs";

    private static readonly HashSet<string> Summed = new(StringComparer.Ordinal)
    {
        MetricKeys.NetPnl, MetricKeys.GrossPnl, MetricKeys.TotalFees, MetricKeys.OpenPnl, MetricKeys.TotalReturn,
        MetricKeys.OrderCount, MetricKeys.FillCount, MetricKeys.Turnover, MetricKeys.SlippageTotal,
    };

    public static Dictionary<string, MetricEntry> Metrics(SqliteConnection connection, IReadOnlyList<string> runIds)
    {
        var perRun = runIds.Select(id => MetricsReader.ForRun(connection, id)).ToList();
        var result = new Dictionary<string, MetricEntry>(StringComparer.Ordinal)
        {
            [RunsKey] = new MetricEntry(RunsKey, runIds.Count, MetricUnits.Count),
        };
        foreach (var key in perRun.SelectMany(r => r.Select(m => m.Key)).Distinct(StringComparer.Ordinal))
        {
            var entries = perRun.Select(r => r.FirstOrDefault(m => string.Equals(m.Key, key, StringComparison.Ordinal)))
                .Where(m => m?.Value is not null).Select(m => m!).ToList();
            if (entries.Count == 0)
            {
                result[key] = new MetricEntry(key, null, null);
                continue;
            }

            var values = entries.Select(m => m.Value!.Value).ToList();
            var value = Summed.Contains(key) ? values.Sum()
                : MetricCatalog.Direction(key) < 0 && key.Contains("drawdown", StringComparison.Ordinal) ? values.Max()
                : values.Average();
            result[key] = new MetricEntry(key, value, entries[0].Unit);
        }

        AddPooledTrades(connection, runIds, result);
        return result;
    }

    private static void AddPooledTrades(SqliteConnection connection, IReadOnlyList<string> runIds, Dictionary<string, MetricEntry> result)
    {
        var pnl = connection.Query<double>(
            "SELECT net_pnl FROM run_trades WHERE is_open = 0 AND net_pnl IS NOT NULL AND run_id IN @runIds",
            new { runIds }).ToList();
        if (pnl.Count == 0)
        {
            return;
        }

        var wins = pnl.Where(p => p > 0).ToList();
        var losses = pnl.Where(p => p < 0).ToList();
        void Set(string key, double? value, string unit) => result[key] = new MetricEntry(key, value, unit);
        Set(MetricKeys.TradeCount, pnl.Count, MetricUnits.Count);
        Set(MetricKeys.Wins, wins.Count, MetricUnits.Count);
        Set(MetricKeys.Losses, losses.Count, MetricUnits.Count);
        Set(MetricKeys.WinRate, 100.0 * wins.Count / pnl.Count, MetricUnits.Percent);
        Set(MetricKeys.ProfitFactor, losses.Count > 0 ? wins.Sum() / -losses.Sum() : null, MetricUnits.Ratio);
        Set(MetricKeys.Expectancy, pnl.Average(), MetricUnits.Money);
        Set(MetricKeys.AverageWin, wins.Count > 0 ? wins.Average() : null, MetricUnits.Money);
        Set(MetricKeys.AverageLoss, losses.Count > 0 ? losses.Average() : null, MetricUnits.Money);
        Set(MetricKeys.LargestWin, wins.Count > 0 ? wins.Max() : null, MetricUnits.Money);
        Set(MetricKeys.LargestLoss, losses.Count > 0 ? losses.Min() : null, MetricUnits.Money);
    }
}
