namespace QuantowerRecorder.Analytics.Metrics;

/// <summary>Statistics of closed trades' net PnL, in exit order. A win is net PnL &gt; 0, a loss &lt; 0.</summary>
internal static class TradeMetrics
{
    public static void Add(MetricSet set, IReadOnlyList<Trade> trades)
    {
        int wins = 0, losses = 0, winStreak = 0, lossStreak = 0, longestWin = 0, longestLoss = 0, withR = 0;
        double grossProfit = 0, grossLoss = 0, net = 0, gross = 0, holdingSeconds = 0, rSum = 0;
        double? largestWin = null, largestLoss = null;
        foreach (var trade in trades)
        {
            net += trade.NetPnl;
            gross += trade.GrossPnl;
            holdingSeconds += trade.HoldingTime.TotalSeconds;
            if (trade.RMultiple is { } r)
            {
                withR++;
                rSum += r;
            }

            if (trade.NetPnl > 0)
            {
                wins++;
                grossProfit += trade.NetPnl;
                largestWin = Math.Max(largestWin ?? double.MinValue, trade.NetPnl);
                winStreak++;
                lossStreak = 0;
            }
            else if (trade.NetPnl < 0)
            {
                losses++;
                grossLoss += trade.NetPnl;
                largestLoss = Math.Min(largestLoss ?? double.MaxValue, trade.NetPnl);
                lossStreak++;
                winStreak = 0;
            }
            else
            {
                winStreak = 0;
                lossStreak = 0;
            }

            longestWin = Math.Max(longestWin, winStreak);
            longestLoss = Math.Max(longestLoss, lossStreak);
        }

        var n = trades.Count;
        const string noTrades = "no closed trades";
        set.Add(MetricKeys.TradeCount, n, MetricUnits.Count);
        set.Add(MetricKeys.Wins, wins, MetricUnits.Count);
        set.Add(MetricKeys.Losses, losses, MetricUnits.Count);
        set.Add(MetricKeys.Breakevens, n - wins - losses, MetricUnits.Count);
        set.Add(MetricKeys.WinRate, n > 0 ? 100.0 * wins / n : null, MetricUnits.Percent, noTrades);
        set.Add(
            MetricKeys.ProfitFactor,
            losses > 0 ? grossProfit / -grossLoss : null,
            MetricUnits.Ratio,
            n == 0 ? noTrades : "no losing trades: the profit factor is undefined (it would be +infinity)");
        set.Add(
            MetricKeys.PayoffRatio,
            wins > 0 && losses > 0 ? (grossProfit / wins) / (-grossLoss / losses) : null,
            MetricUnits.Ratio,
            "needs at least one winning and one losing trade");
        set.Add(MetricKeys.Expectancy, n > 0 ? net / n : null, MetricUnits.Money, noTrades);
        set.Add(MetricKeys.LargestWin, largestWin, MetricUnits.Money, "no winning trades");
        set.Add(MetricKeys.LargestLoss, largestLoss, MetricUnits.Money, "no losing trades");
        set.Add(MetricKeys.AverageWin, wins > 0 ? grossProfit / wins : null, MetricUnits.Money, "no winning trades");
        set.Add(MetricKeys.AverageLoss, losses > 0 ? grossLoss / losses : null, MetricUnits.Money, "no losing trades");
        set.Add(MetricKeys.AverageHoldingSeconds, n > 0 ? holdingSeconds / n : null, MetricUnits.Seconds, noTrades);
        set.Add(MetricKeys.LongestWinStreak, n > 0 ? longestWin : null, MetricUnits.Count, noTrades);
        set.Add(MetricKeys.LongestLossStreak, n > 0 ? longestLoss : null, MetricUnits.Count, noTrades);
        set.Add(MetricKeys.AverageRMultiple, withR > 0 ? rSum / withR : null, MetricUnits.Ratio, "no trade has a known initial stop");
    }
}
