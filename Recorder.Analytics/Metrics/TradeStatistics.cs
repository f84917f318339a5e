namespace QuantowerRecorder.Analytics;

/// <summary>
/// The statistics of closed trades that depend only on their net PnL (docs/metrics.md, "Trades"): the one definition
/// of win rate, profit factor, expectancy and the rest, used for a run's metrics and for an instance's pooled trades.
/// A win is net PnL &gt; 0, a loss &lt; 0; money in the trades' currency. A figure that is undefined is null.
/// </summary>
public sealed record TradeStatistics
{
    /// <summary>
    /// All the trades given, breakeven ones (net PnL 0) included, so wins and losses may add up to less.
    /// </summary>
    public int Count { get; init; }

    /// <summary>Trades with net PnL &gt; 0.</summary>
    public int Wins { get; init; }

    /// <summary>Trades with net PnL &lt; 0.</summary>
    public int Losses { get; init; }

    /// <summary>Percent of trades that won; null without trades.</summary>
    public double? WinRate { get; init; }

    /// <summary>Sum of wins over the absolute sum of losses; null without a losing trade.</summary>
    public double? ProfitFactor { get; init; }

    /// <summary>Average win over absolute average loss; null without a win and a loss.</summary>
    public double? PayoffRatio { get; init; }

    /// <summary>Mean net PnL per trade; null without trades.</summary>
    public double? Expectancy { get; init; }

    /// <summary>Largest net PnL of a win; null without a win.</summary>
    public double? LargestWin { get; init; }

    /// <summary>Net PnL of the worst loss (negative).</summary>
    public double? LargestLoss { get; init; }

    /// <summary>Mean net PnL of the wins; null without a win.</summary>
    public double? AverageWin { get; init; }

    /// <summary>Mean net PnL of the losses (negative).</summary>
    public double? AverageLoss { get; init; }

    /// <summary>Computes the statistics of trades' net PnL, in exit order.</summary>
    public static TradeStatistics Of(IReadOnlyList<double> netPnl)
    {
        ArgumentNullException.ThrowIfNull(netPnl);
        int wins = 0, losses = 0;
        double grossProfit = 0, grossLoss = 0, net = 0;
        double? largestWin = null, largestLoss = null;
        foreach (var pnl in netPnl)
        {
            net += pnl;
            if (pnl > 0)
            {
                wins++;
                grossProfit += pnl;
                largestWin = Math.Max(largestWin ?? double.MinValue, pnl);
            }
            else if (pnl < 0)
            {
                losses++;
                grossLoss += pnl;
                largestLoss = Math.Min(largestLoss ?? double.MaxValue, pnl);
            }
        }

        var n = netPnl.Count;
        return new TradeStatistics
        {
            Count = n,
            Wins = wins,
            Losses = losses,
            WinRate = n > 0 ? 100.0 * wins / n : null,
            ProfitFactor = losses > 0 ? grossProfit / -grossLoss : null,
            PayoffRatio = wins > 0 && losses > 0 ? (grossProfit / wins) / (-grossLoss / losses) : null,
            Expectancy = n > 0 ? net / n : null,
            LargestWin = largestWin,
            LargestLoss = largestLoss,
            AverageWin = wins > 0 ? grossProfit / wins : null,
            AverageLoss = losses > 0 ? grossLoss / losses : null,
        };
    }
}
