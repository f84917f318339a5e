namespace QuantowerRecorder.ReadModels;

/// <summary>
/// The saved page of a tearsheet (<see cref="PageSnapshot.Tearsheet"/>) with what its snapshot holds, typed: the
/// tearsheet's record (null when the view refused the runs: its words are in <see cref="PageSnapshot.Errors"/>) and
/// what it read of each run, in the order given.
/// </summary>
public sealed record TearsheetPage(PageSnapshot Snapshot, TearsheetRecord? Tearsheet, IReadOnlyList<TearsheetRun> Runs);
