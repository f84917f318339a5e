using QuantowerRecorder.Analytics.Insight;

namespace QuantowerRecorder.Analytics.Drift;

/// <summary>
/// Which backtest a forward run's drift is measured against when none is named (docs/metrics.md, "Drift"): one whose
/// period had ended before the forward run's trades began, so its band never saw the market they were made in.
/// </summary>
public static class DriftBacktestChoice
{
    /// <summary>
    /// Of the instance's ended backtests, the one that ended last by <paramref name="judgedFrom"/> (then the latest
    /// started, then the greatest run id); when none did, the most recent one (latest started, then greatest id), whose
    /// band is then in-sample (<see cref="SawTheForwardPeriod"/>). Null when there is no backtest.
    /// </summary>
    /// <param name="judgedFrom">When the forward run's trades begin: its first trade's entry, else its start.</param>
    public static RunSpan? Choose(DateTime judgedFrom, IEnumerable<RunSpan> backtests)
    {
        ArgumentNullException.ThrowIfNull(backtests);
        var all = backtests.ToList();
        var before = all.Where(b => !SawTheForwardPeriod(judgedFrom, b))
            .OrderByDescending(b => b.EndUtc)
            .ThenByDescending(b => b.StartUtc)
            .ThenByDescending(b => b.RunId, StringComparer.Ordinal)
            .FirstOrDefault();
        return before ?? all.OrderByDescending(b => b.StartUtc).ThenByDescending(b => b.RunId, StringComparer.Ordinal).FirstOrDefault();
    }

    /// <summary>
    /// Whether a backtest's period reaches past <paramref name="judgedFrom"/> (an overlap, or a later period), so that
    /// its trades may be the very ones its band judges.
    /// </summary>
    public static bool SawTheForwardPeriod(DateTime judgedFrom, RunSpan backtest)
    {
        ArgumentNullException.ThrowIfNull(backtest);
        return backtest.EndUtc > judgedFrom;
    }
}
