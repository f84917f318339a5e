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

    /// <summary>What its analysis noted, "key: reason" (a null metric's reason among them).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Buy-and-hold of the run's recorded bars: its figures and line, or why there are none.</summary>
    public required RunBenchmark Benchmark { get; init; }

    /// <summary>What people wrote about the run (docs/cli.md, "note, tag, pin").</summary>
    public ReadModels.JournalRecord Journal { get; init; } = new("run", "", [], false, null, null, []);

    /// <summary>The study passes whose parameter set this forward run ran.</summary>
    public IReadOnlyList<ReadModels.StudyPassLinkRecord> StudyPasses { get; init; } = [];

    /// <summary>Its what-if exits over the default grid, or why there are none; null when not computed.</summary>
    public ReportWhatIf? WhatIf { get; init; }

    /// <summary>The legend's name of the buy-and-hold line; null when there is no line.</summary>
    public string? BenchmarkLabel => Benchmark.Line.Count > 0 ? $"{Label} buy & hold {Benchmark.Symbols[0]}" : null;
}
