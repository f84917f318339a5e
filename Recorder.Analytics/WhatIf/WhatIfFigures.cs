namespace QuantowerRecorder.Analytics.WhatIf;

/// <summary>
/// One cell's figures, or the run's actual ones by the same definitions (docs/metrics.md, "What-if exits"). Net PnL
/// and max drawdown count open trades at the last close; win rate, profit factor and average R are those of the
/// closed trades (<see cref="TradeStatistics"/>).
/// </summary>
public sealed record WhatIfFigures(
    double NetPnl,
    int Trades,
    int Open,
    double? WinRate,
    double? ProfitFactor,
    double MaxDrawdown,
    double? AverageR)
{
    /// <summary>The figures of trades in exit order (open ones last).</summary>
    public static WhatIfFigures Of(IReadOnlyList<TradeOutcome> trades)
    {
        ArgumentNullException.ThrowIfNull(trades);
        double net = 0, peak = 0, drawdown = 0, rSum = 0;
        int open = 0, rCount = 0;
        var closed = new List<double>(trades.Count);
        foreach (var trade in trades)
        {
            net += trade.NetPnl;
            peak = Math.Max(peak, net);
            drawdown = Math.Max(drawdown, peak - net);
            if (trade.Open)
            {
                open++;
                continue;
            }

            closed.Add(trade.NetPnl);
            if (trade.RMultiple is { } r)
            {
                rSum += r;
                rCount++;
            }
        }

        var stats = TradeStatistics.Of(closed);
        return new WhatIfFigures(net, trades.Count, open, stats.WinRate, stats.ProfitFactor, drawdown, rCount > 0 ? rSum / rCount : null);
    }
}
