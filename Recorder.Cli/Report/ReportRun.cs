using QuantowerRecorder.Cli.Metrics;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Report;

/// <summary>Everything the report shows about one run.</summary>
internal sealed record ReportRun(
    RunSummary Run,
    string Label,
    IReadOnlyList<MetricValue> Metrics,
    IReadOnlyList<EquitySample> Equity,
    IReadOnlyList<TradeSample> Trades)
{
    /// <summary>What the run's money figures had to guess (<see cref="InstrumentWarnings"/>).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
