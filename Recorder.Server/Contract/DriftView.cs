using QuantowerRecorder.Analytics.Drift;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Server.Contract;

/// <summary>
/// The drift of a forward run from its backtest as the contract shows it, for `recorder drift`, its report section and
/// /api/runs/{id}/drift alike: one computation, so all three give the same band.
/// </summary>
public static class DriftView
{
    /// <summary>
    /// The most recent ended backtest of the forward run's instance (the latest started, then the greatest id), or null
    /// when it has none (docs/metrics.md, "Drift").
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

    /// <summary>
    /// The band and verdict. Throws <see cref="ArgumentException"/> when <paramref name="forward"/> is not a live or
    /// paper run, <paramref name="backtest"/> not a backtest, or their trades are in more than one currency.
    /// </summary>
    public static DriftRecord Of(IRecorderReader reader, RunSummary forward, RunSummary backtest, bool named)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(backtest);
        if (forward.RunType is not ("LIVE" or "PAPER"))
        {
            throw new ArgumentException($"{forward.RunId} is a {forward.RunType} run; drift compares a live or paper run with its backtest.");
        }

        if (backtest.RunType != "BACKTEST")
        {
            throw new ArgumentException($"{backtest.RunId} is a {backtest.RunType} run, not a backtest.");
        }

        var forwardTrades = Closed(reader, forward.RunId);
        var backtestTrades = Closed(reader, backtest.RunId);
        var currency = Currency(reader, forward.RunId, forwardTrades.Symbols, backtest.RunId, backtestTrades.Symbols);
        var result = DriftAnalysis.Analyze(backtestTrades.Trades, forwardTrades.Trades);
        var band = result.Band.Select(p => new DriftPointRecord(p.K, p.Low, p.Median, p.High, p.DrawdownMedian, p.DrawdownHigh,
            p.Forward, p.ForwardDrawdown, p.Position)).ToList();
        var verdict = result.Verdict is { } v
            ? new DriftVerdictRecord(v.Position, v.Since, v.PnlPercentile, v.ForwardDrawdown, v.DrawdownDeeperThan)
            : null;
        var record = new DriftRecord(forward.RunId, forward.RunType, backtest.RunId, named ? "named" : "latest", forward.InstanceName,
            currency, result.Scale, result.ForwardTrades, result.BacktestTrades, result.Samples, result.Seed,
            100 * result.LowPercentile, 100 * result.HighPercentile, band, verdict, result.NotEnough, "");
        return record with { Summary = DriftWords.Summary(record) };
    }

    private static (List<DriftTrade> Trades, HashSet<string> Symbols) Closed(IRecorderReader reader, string runId)
    {
        var closed = reader.Trading.Trades(runId).Where(t => !t.IsOpen && t.NetPnl is not null).OrderBy(t => t.TradeNo).ToList();
        return (closed.Select(t => new DriftTrade(t.NetPnl!.Value, t.Quantity)).ToList(),
            closed.Select(t => t.Symbol).ToHashSet(StringComparer.Ordinal));
    }

    private static string? Currency(IRecorderReader reader, string forwardRun, HashSet<string> forwardSymbols, string backtestRun, HashSet<string> backtestSymbols)
    {
        IEnumerable<string> Of(string runId, HashSet<string> symbols) => reader.Runs.Instruments(runId)
            .Where(i => symbols.Contains(i.Symbol) && i.Currency is not null).Select(i => i.Currency!);
        var currencies = Of(forwardRun, forwardSymbols).Concat(Of(backtestRun, backtestSymbols)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return currencies.Count <= 1 ? currencies.FirstOrDefault()
            : throw new ArgumentException($"The two runs' trades are in {string.Join(" and ", currencies)}; amounts in different currencies are never added together.");
    }
}
