namespace QuantowerRecorder.Storage.Queries;

/// <summary>How many rows of one table belong to a set of runs (what deleting them removes).</summary>
public sealed record RunRowCount(string Table, long Rows);
