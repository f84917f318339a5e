using QuantowerRecorder.Cli.Metrics;
using QuantowerRecorder.Cli.Runs;

namespace QuantowerRecorder.Cli.Report;

/// <summary>Everything the report shows about one run.</summary>
internal sealed record ReportRun(
    RunRow Run,
    string Label,
    IReadOnlyList<MetricEntry> Metrics,
    IReadOnlyList<EquitySample> Equity,
    IReadOnlyList<TradeSample> Trades)
{
    /// <summary>What the run's money figures had to guess (<see cref="InstrumentWarnings"/>).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
