using QuantowerRecorder.Analytics.Insight;

namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// Buy-and-hold of a run's recorded bars beside its equity (docs/metrics.md, "Buy-and-hold benchmark"): the figures
/// `recorder insight` shows and the line of the initial balance held in the symbol over the same bars. Computed from
/// reads through the interfaces, like <see cref="IdResolution"/>, so a file and the team store give the same.
/// </summary>
/// <param name="Symbols">The symbols the run recorded bars of, in ordinal order.</param>
/// <param name="Figures">Return, correlation and beta; null unless the run has bars of exactly one symbol.</param>
/// <param name="Line">The initial balance held in the symbol (the run's currency); empty without figures or a balance.</param>
/// <param name="Missing">Why the figures or the line are missing, in words; null when both are there.</param>
public sealed record RunBenchmark(IReadOnlyList<string> Symbols, Benchmark? Figures, IReadOnlyList<BenchmarkPoint> Line, string? Missing)
{
    /// <summary>The names its three figures go by where metrics are listed (the page, the report, their definitions).</summary>
    public const string ReturnKey = "buy_and_hold_return_pct", CorrelationKey = "buy_and_hold_correlation", BetaKey = "buy_and_hold_beta";

    /// <summary>Buy-and-hold of the run's bars: figures and line for a run of one symbol, else why not.</summary>
    public static RunBenchmark Of(IRecorderReader reader, string runId)
    {
        ArgumentNullException.ThrowIfNull(reader);
        // Only the bars and the run's balance: a long backtest's orders and fills are not read for this.
        var series = BuyAndHold.PerSymbol(reader.Performance.AnalysisBars(runId));
        var symbols = series.Select(s => s.Symbol).Order(StringComparer.Ordinal).ToList();
        if (series.Count != 1)
        {
            return new RunBenchmark(symbols, null, [], series.Count == 0
                ? "no bars recorded"
                : $"{series.Count} symbols ({string.Join(", ", symbols)}), no single instrument to hold");
        }

        // The run's daily returns as `recorder insight` takes them: from the stored equity curve.
        var equity = reader.Performance.Equity(runId)
            .Select(e => new Analytics.EquityPoint(Timestamps.Parse(e.TsUtc), e.Equity, 0, null)).ToList();
        var figures = BuyAndHold.Compute(series[0], DailyReturns.FromEquity(equity));
        if (figures is null)
        {
            return new RunBenchmark(symbols, null, [], $"the first bar of {symbols[0]} opens at zero or below");
        }

        return reader.Runs.Get(runId)?.InitialBalance is > 0 and var balance
            ? new RunBenchmark(symbols, figures, BuyAndHold.Line(series[0], balance), null)
            : new RunBenchmark(symbols, figures, [], "no line: the run's initial balance is not recorded");
    }
}
