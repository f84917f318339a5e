namespace QuantowerRecorder.Storage.Queries;

/// <summary>One page of a run listing and how many runs match in all.</summary>
/// <param name="Runs">The runs of this page, in the query's order.</param>
/// <param name="Total">How many runs match the filters, over all pages.</param>
/// <param name="Offset">How many matching runs come before this page.</param>
/// <param name="Limit">The page size asked for, or null for all.</param>
public sealed record RunPage(IReadOnlyList<RunSummary> Runs, long Total, int Offset, int? Limit);
