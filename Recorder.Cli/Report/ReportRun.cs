using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Report;

/// <summary>Everything the report shows about one run: what is stored, and what Analytics' Insight derives from it.</summary>
internal sealed record ReportRun(
    RunSummary Run,
    string Label,
    string Color,
    IReadOnlyList<EquityPoint> Equity,
    IReadOnlyList<Trade> Trades,
    ReportInsight Insight)
{
    /// <summary>The instruments' currency; null when unknown or when the run mixes currencies.</summary>
    public string? Currency { get; init; }

    /// <summary>What the run's money figures had to guess (<see cref="Metrics.InstrumentWarnings"/>).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Closed trades as stored (the whole count, also when the table shows only the first ones).</summary>
    public int TradeCount => Trades.Count;
}
