using QuantowerRecorder.Analytics.Drift;
using QuantowerRecorder.Analytics.Insight;

namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// What the drift of a forward run is computed from (docs/metrics.md, "Drift"), read through the read API: the backtest
/// it is compared with unless one is named, a run's closed trades, and the one currency of their amounts. `recorder
/// drift`, its report section, the HTTP API and the plugin's drift alarm all read them here.
/// </summary>
public static class DriftInputs
{
    /// <summary>
    /// The backtest of the forward run's instance its drift is measured against when none is named
    /// (<see cref="DriftBacktestChoice.Choose"/>): the one that ended last before the forward run's first trade (its
    /// start while it has none), else the most recent ended one, whose band is then in-sample. Null when the instance
    /// has no ended backtest.
    /// </summary>
    public static RunSummary? DefaultBacktest(IRecorderReader reader, RunSummary forward)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(forward);
        var ended = reader.Runs.List(new RunQuery { InstanceId = forward.InstanceId, RunType = "BACKTEST" }).Runs
            .Where(r => r.EndUtc is not null).ToDictionary(r => r.RunId, StringComparer.Ordinal);
        var chosen = DriftBacktestChoice.Choose(JudgedFrom(reader, forward), ended.Values.Select(Span));
        return chosen is null ? null : ended[chosen.RunId];
    }

    /// <summary>
    /// Whether the backtest's period reaches past the forward run's first trade (its start while it has none), so that
    /// its band may hold the trades it judges (<see cref="DriftBacktestChoice.SawTheForwardPeriod"/>). False for a
    /// backtest that has not ended.
    /// </summary>
    public static bool InSample(IRecorderReader reader, RunSummary forward, RunSummary backtest)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(backtest);
        return backtest.EndUtc is not null && DriftBacktestChoice.SawTheForwardPeriod(JudgedFrom(reader, forward), Span(backtest));
    }

    // A forward run is started before its first bar (a paper run minutes before the session), so its start would call
    // a backtest that ends with the previous session in-sample: its trades are what the band judges.
    private static DateTime JudgedFrom(IRecorderReader reader, RunSummary forward) =>
        reader.Trading.Trades(forward.RunId).Select(t => Timestamps.Parse(t.EntryUtc)).DefaultIfEmpty(Timestamps.Parse(forward.StartUtc)).Min();

    private static RunSpan Span(RunSummary run)
    {
        var start = Timestamps.Parse(run.StartUtc);
        return new RunSpan(run.RunId, start, run.EndUtc is { } end ? Timestamps.Parse(end) : start);
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
    /// naming the run whose trades are in several currencies, or each run's currency when the two differ: amounts in
    /// different currencies are never added together.
    /// </summary>
    public static string? Currency(IRecorderReader reader, string forwardRun, IReadOnlySet<string> forwardSymbols,
        string backtestRun, IReadOnlySet<string> backtestSymbols)
    {
        ArgumentNullException.ThrowIfNull(reader);
        List<string> Of(string runId, IReadOnlySet<string> symbols) => reader.Runs.Instruments(runId)
            .Where(i => symbols.Contains(i.Symbol) && i.Currency is not null).Select(i => i.Currency!)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var forward = Of(forwardRun, forwardSymbols);
        var backtest = Of(backtestRun, backtestSymbols);
        const string never = "amounts in different currencies are never added together.";
        foreach (var (run, which, currencies) in new[] { (forwardRun, "forward run", forward), (backtestRun, "backtest", backtest) })
        {
            if (currencies.Count > 1)
            {
                throw new ArgumentException($"The {which} {run}'s trades are in {string.Join(" and ", currencies)}; {never}");
            }
        }

        var both = forward.Concat(backtest).Distinct(StringComparer.Ordinal).ToList();
        return both.Count <= 1 ? both.FirstOrDefault()
            : throw new ArgumentException($"The forward run {forwardRun}'s trades are in {forward[0]} and the backtest {backtestRun}'s in {backtest[0]}; {never}");
    }
}
