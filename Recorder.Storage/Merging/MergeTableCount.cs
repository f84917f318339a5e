namespace QuantowerRecorder.Storage.Merging;

/// <summary>What merging one file did to one table.</summary>
/// <param name="Table">The table.</param>
/// <param name="Inserted">Rows the target did not have.</param>
/// <param name="Updated">Rows of runs whose later state the file held.</param>
/// <param name="Conflicts">Keys the target holds with other content (kept, the incoming row quarantined).</param>
public sealed record MergeTableCount(string Table, long Inserted, long Updated, int Conflicts);
