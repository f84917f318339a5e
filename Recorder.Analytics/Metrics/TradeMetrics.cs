namespace QuantowerRecorder.Analytics.Metrics;

/// <summary>Statistics of closed trades, in exit order: <see cref="TradeStatistics"/> for what depends on net PnL only, plus holding time, streaks and R.</summary>
internal static class TradeMetrics
{
    public static void Add(MetricSet set, IReadOnlyList<RoundTrip> trades)
    {
        // Everything that depends only on net PnL has one definition, shared with instances' pooled trades.
        var stats = TradeStatistics.Of(trades.Select(t => t.NetPnl).ToList());
        int winStreak = 0, lossStreak = 0, longestWin = 0, longestLoss = 0, withR = 0;
        double holdingSeconds = 0, rSum = 0;
        foreach (var trade in trades)
        {
            holdingSeconds += trade.HoldingTime.TotalSeconds;
            if (trade.RMultiple is { } r)
            {
                withR++;
                rSum += r;
            }

            winStreak = trade.NetPnl > 0 ? winStreak + 1 : 0;
            lossStreak = trade.NetPnl < 0 ? lossStreak + 1 : 0;
            longestWin = Math.Max(longestWin, winStreak);
            longestLoss = Math.Max(longestLoss, lossStreak);
        }

        var n = trades.Count;
        const string noTrades = "no closed trades";
        set.Add(MetricKeys.TradeCount, n, MetricUnits.Count);
        set.Add(MetricKeys.Wins, stats.Wins, MetricUnits.Count);
        set.Add(MetricKeys.Losses, stats.Losses, MetricUnits.Count);
        set.Add(MetricKeys.Breakevens, n - stats.Wins - stats.Losses, MetricUnits.Count);
        set.Add(MetricKeys.WinRate, stats.WinRate, MetricUnits.Percent, noTrades);
        set.Add(
            MetricKeys.ProfitFactor,
            stats.ProfitFactor,
            MetricUnits.Ratio,
            n == 0 ? noTrades : "no losing trades: the profit factor is undefined (it would be +infinity)");
        set.Add(MetricKeys.PayoffRatio, stats.PayoffRatio, MetricUnits.Ratio, "needs at least one winning and one losing trade");
        set.Add(MetricKeys.Expectancy, stats.Expectancy, MetricUnits.Money, noTrades);
        set.Add(MetricKeys.LargestWin, stats.LargestWin, MetricUnits.Money, "no winning trades");
        set.Add(MetricKeys.LargestLoss, stats.LargestLoss, MetricUnits.Money, "no losing trades");
        set.Add(MetricKeys.AverageWin, stats.AverageWin, MetricUnits.Money, "no winning trades");
        set.Add(MetricKeys.AverageLoss, stats.AverageLoss, MetricUnits.Money, "no losing trades");
        set.Add(MetricKeys.AverageHoldingSeconds, n > 0 ? holdingSeconds / n : null, MetricUnits.Seconds, noTrades);
        set.Add(MetricKeys.LongestWinStreak, n > 0 ? longestWin : null, MetricUnits.Count, noTrades);
        set.Add(MetricKeys.LongestLossStreak, n > 0 ? longestLoss : null, MetricUnits.Count, noTrades);
        set.Add(MetricKeys.AverageRMultiple, withR > 0 ? rSum / withR : null, MetricUnits.Ratio, "no trade has a known initial stop");
    }
}
