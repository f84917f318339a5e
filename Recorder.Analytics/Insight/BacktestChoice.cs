namespace QuantowerRecorder.Analytics.Insight;

/// <summary>Which backtest a forward run is reconciled with when none is named.</summary>
public static class BacktestChoice
{
    /// <summary>
    /// Of the instance's backtests, one that covers the forward run's whole period (start ≤ forward start and
    /// end ≥ forward end): the shortest such, then the latest started, then the greatest run id. Null when none covers it.
    /// </summary>
    public static RunSpan? Covering(RunSpan forward, IEnumerable<RunSpan> backtests)
    {
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(backtests);
        return backtests
            .Where(b => b.StartUtc <= forward.StartUtc && b.EndUtc >= forward.EndUtc)
            .OrderBy(b => b.EndUtc - b.StartUtc)
            .ThenByDescending(b => b.StartUtc)
            .ThenByDescending(b => b.RunId, StringComparer.Ordinal)
            .FirstOrDefault();
    }
}
