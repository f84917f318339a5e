namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// The notes a run's analysis stored in strategy_runs.metrics_json, each "key: text" (keys in Analytics' NoteKeys).
/// </summary>
/// <param name="Notes">The notes in stored order; empty before analysis.</param>
/// <param name="Readable">False when metrics_json is there but is not valid JSON (edited by hand, damaged).</param>
public sealed record AnalysisNotes(IReadOnlyList<string> Notes, bool Readable)
{
    /// <summary>
    /// Empty and readable: what a run gives without metrics_json, or with one that has no <c>notes</c> array.
    /// </summary>
    public static AnalysisNotes None { get; } = new([], true);
}
