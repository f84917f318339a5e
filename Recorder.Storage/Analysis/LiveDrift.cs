using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Drift;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>
/// A live or paper run's drift from its parameter set's default backtest (<see cref="DriftInputs.DefaultBacktest"/>) while it is still recording
/// (docs/metrics.md, "Drift"): the backtest's stored trades against the forward run's closed trades as its analysis
/// will store them (computed now from its fills, orders and bars, the same definitions). Money in <see cref="Currency"/>.
/// <see cref="ExitsUtc"/>: when each forward trade of the band closed (k = 1…n).
/// </summary>
public sealed record LiveDrift(string BacktestRunId, string? Currency, DriftResult Result, IReadOnlyList<DateTime> ExitsUtc)
{
    /// <summary>
    /// Null when <paramref name="runId"/> is not a live or paper run of the file, or its instance has no ended backtest.
    /// Throws <see cref="ArgumentException"/> when the two runs' trades are in different currencies.
    /// </summary>
    /// <param name="kept">The facts the writer keeps for the run, if any: what was written since they were last read is
    /// read (a check after each fill of a long live run reads the fill, not the run).</param>
    internal static LiveDrift? Read(ReadConnections readings, string runId, CancellationToken cancel, Writing.KeptFacts? kept = null)
    {
        using var reader = RecorderStore.OpenRead(readings.Path);
        if (reader.Runs.Get(runId) is not { RunType: "LIVE" or "PAPER" } forward
            || DriftInputs.DefaultBacktest(reader, forward) is not { } backtest)
        {
            return null;
        }

        var (backtestTrades, backtestSymbols) = DriftInputs.Closed(reader, backtest.RunId);
        cancel.ThrowIfCancellationRequested();
        RunAnalysis analysis;
        using (var lease = readings.Open())
        {
            var connection = lease.Connection;
            RunInput input;
            using (var facts = kept?.Begin(runId, connection))
            {
                input = facts?.Input() ?? RunLoader.Load(connection, runId);
            }

            analysis = RunAnalyzer.Analyze(input);
        }

        var closed = analysis.Trades.Where(t => double.IsFinite(t.NetPnl)).ToList();
        var currency = DriftInputs.Currency(reader, runId, closed.Select(t => t.Symbol).ToHashSet(StringComparer.Ordinal),
            backtest.RunId, backtestSymbols);
        var forwardTrades = closed.Select(t => new DriftTrade(t.NetPnl, t.Quantity)).ToList();
        return new LiveDrift(backtest.RunId, currency, DriftAnalysis.Analyze(backtestTrades, forwardTrades),
            [.. closed.Select(t => t.ExitTimeUtc)]);
    }
}
