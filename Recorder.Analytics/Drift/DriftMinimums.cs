namespace QuantowerRecorder.Analytics.Drift;

/// <summary>
/// The fewest trades a drift verdict means anything with (docs/metrics.md, "Drift"). Below them the band and the
/// verdict are still given, with a <see cref="NotEnough"/> saying why they are not to be trusted.
/// </summary>
public static class DriftMinimums
{
    /// <summary>
    /// Forward trades: under 10 the band's 5th–95th percentile spans most of what a handful of trades can do, and one
    /// trade moves the forward run across it.
    /// </summary>
    public const int ForwardTrades = 10;

    /// <summary>
    /// Backtest trades: under 30 the resampled paths repeat the same few trades and the band's edges are a handful of
    /// them, not the backtest's distribution.
    /// </summary>
    public const int BacktestTrades = 30;

    /// <summary>What is missing first (the forward run's trades before the backtest's), or null when both have enough.</summary>
    public static NotEnough? Of(int forwardTrades, int backtestTrades) => All(forwardTrades, backtestTrades).FirstOrDefault();

    /// <summary>Everything missing: the forward run's trades, the backtest's, both or neither, in that order.</summary>
    public static IReadOnlyList<NotEnough> All(int forwardTrades, int backtestTrades)
    {
        var missing = new List<NotEnough>(2);
        if (forwardTrades < ForwardTrades)
        {
            missing.Add(new NotEnough("forward trades", forwardTrades, ForwardTrades));
        }

        if (backtestTrades < BacktestTrades)
        {
            missing.Add(new NotEnough("backtest trades", backtestTrades, BacktestTrades));
        }

        return missing;
    }
}
