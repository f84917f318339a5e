using QuantowerRecorder.Analytics.Drift;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// The drift of a forward run from its backtest as the contract shows it, for `recorder drift`, its report section and
/// /api/runs/{id}/drift alike: one computation, so all three give the same band.
/// </summary>
public static class DriftView
{
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

        var forwardTrades = DriftInputs.Closed(reader, forward.RunId);
        var backtestTrades = DriftInputs.Closed(reader, backtest.RunId);
        var currency = DriftInputs.Currency(reader, forward.RunId, forwardTrades.Symbols, backtest.RunId, backtestTrades.Symbols);
        var result = DriftAnalysis.Analyze(backtestTrades.Trades, forwardTrades.Trades);
        var band = result.Band.Select(p => new DriftPointRecord(p.K, p.Low, p.Median, p.High, p.DrawdownMedian, p.DrawdownHigh,
            p.Forward, p.ForwardDrawdown, p.Position)).ToList();
        var verdict = result.Verdict is { } v
            ? new DriftVerdictRecord(v.Position, v.Since, v.PnlPercentile, v.ForwardDrawdown, v.DrawdownDeeperThan)
            : null;
        var record = new DriftRecord(forward.RunId, forward.RunType, backtest.RunId, named ? "named" : "latest",
            DriftInputs.InSample(reader, forward, backtest), forward.InstanceName,
            currency, result.Scale, result.ForwardTrades, result.BacktestTrades, result.Samples, result.Seed,
            100 * result.LowPercentile, 100 * result.HighPercentile, band, verdict, result.NotEnough, "");
        return record with { Summary = DriftWords.Summary(record) };
    }
}
