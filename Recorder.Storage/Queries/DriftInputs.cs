using QuantowerRecorder.Analytics.Drift;

namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// What the drift of a forward run is computed from (docs/metrics.md, "Drift"), read through the read API: the backtest
/// it is compared with unless one is named, a run's closed trades, and the one currency of their amounts. `recorder
/// drift`, its report section, the HTTP API and the plugin's drift alarm all read them here.
/// </summary>
public static class DriftInputs
{
    /// <summary>
    /// The most recent ended backtest of the forward run's instance (the latest started, then the greatest id), or null
    /// when it has none.
    /// </summary>
    public static RunSummary? LatestBacktest(IRecorderReader reader, RunSummary forward)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(forward);
        return reader.Runs.List(new RunQuery { InstanceId = forward.InstanceId, RunType = "BACKTEST" }).Runs
            .Where(r => r.EndUtc is not null)
            .OrderByDescending(r => r.StartUtc, StringComparer.Ordinal)
            .ThenByDescending(r => r.RunId, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>A run's stored closed trades with a net PnL, in trade order, and their symbols.</summary>
    public static (List<DriftTrade> Trades, HashSet<string> Symbols) Closed(IRecorderReader reader, string runId)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var closed = reader.Trading.Trades(runId).Where(t => !t.IsOpen && t.NetPnl is not null).OrderBy(t => t.TradeNo).ToList();
        return (closed.Select(t => new DriftTrade(t.NetPnl!.Value, t.Quantity)).ToList(),
            closed.Select(t => t.Symbol).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// The currency of both runs' trades (their instruments'), null when unknown. Throws <see cref="ArgumentException"/>
    /// when there are several: amounts in different currencies are never added together.
    /// </summary>
    public static string? Currency(IRecorderReader reader, string forwardRun, IReadOnlySet<string> forwardSymbols,
        string backtestRun, IReadOnlySet<string> backtestSymbols)
    {
        ArgumentNullException.ThrowIfNull(reader);
        IEnumerable<string> Of(string runId, IReadOnlySet<string> symbols) => reader.Runs.Instruments(runId)
            .Where(i => symbols.Contains(i.Symbol) && i.Currency is not null).Select(i => i.Currency!);
        var currencies = Of(forwardRun, forwardSymbols).Concat(Of(backtestRun, backtestSymbols))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return currencies.Count <= 1 ? currencies.FirstOrDefault()
            : throw new ArgumentException($"The two runs' trades are in {string.Join(" and ", currencies)}; amounts in different currencies are never added together.");
    }
}
