namespace QuantowerRecorder.Storage.Queries;

/// <summary>One run with what it traded and what its analysis stored.</summary>
/// <param name="Run">The run, its instance and strategy.</param>
/// <param name="Instruments">The symbols it met, with what their money figures are computed with.</param>
/// <param name="Metrics">Its stored metrics, by key (empty before analysis).</param>
/// <param name="Notes">What its analysis noted (guessed point values, mixed currencies, …).</param>
public sealed record RunDetail(
    RunSummary Run,
    IReadOnlyList<RunInstrument> Instruments,
    IReadOnlyList<MetricValue> Metrics,
    AnalysisNotes Notes);
